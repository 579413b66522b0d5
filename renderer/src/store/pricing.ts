import { create } from 'zustand';
import type { PricingCatalog } from '../../../shared/pricing/index.js';

interface PricingState {
  /** The app's stored catalog (SQLite), or null until it arrives or when the host cannot give it. */
  catalog: PricingCatalog | null;
  /** Whether the stored catalog differs from the embedded default. */
  edited: boolean;
}

/** The pricing slice: the catalog the live estimate, the dashboard and the Prices dialog use. */
export const usePricing = create<PricingState>(() => ({ catalog: null, edited: false }));
