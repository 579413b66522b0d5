/** Reading and storing the app's pricing catalog through the API, into the pricing slice. */
import type { PricingCatalog } from '../../../shared/pricing/index.js';
import { api } from '../api/client.js';
import { usePricing } from '../store/pricing.js';

/** Reads the stored catalog into the slice (at start and after a failed save). */
export async function loadPricing(): Promise<void> {
  try {
    const r = await api['pricing.list']({});
    usePricing.setState({ catalog: r.catalog, edited: r.edited });
  } catch {
    usePricing.setState({ catalog: null, edited: false });
  }
}

/** Stores a catalog (or resets to the embedded default) and takes what the host stored. */
export async function savePricing(arg: { catalog: PricingCatalog } | { reset: true }): Promise<void> {
  const r = await api['pricing.update'](arg);
  usePricing.setState({ catalog: r.catalog, edited: r.edited });
}
