import {
  apiContract,
  describeZodError,
  type ApiArgs,
  type ApiMethod,
  type ApiResult,
} from '../../shared/api/contract.js';
import { ApiError } from './api-error.js';

/** Handlers for every method of the contract; args arrive already validated. */
export type ApiHandlers = { [M in ApiMethod]: (args: ApiArgs<M>) => Promise<ApiResult<M>> };

const isMethod = (name: string): name is ApiMethod => Object.prototype.hasOwnProperty.call(apiContract, name);

/**
 * The one entry both hosts use: checks the method name and validates the arguments against
 * the contract before any service code runs. Errors name the offending field.
 */
export async function dispatch(handlers: ApiHandlers, method: string, rawArgs: unknown): Promise<unknown> {
  if (typeof method !== 'string' || !isMethod(method)) {
    throw new ApiError(`unknown method ${JSON.stringify(String(method)).slice(0, 80)}`, 'not-found');
  }
  const parsed = apiContract[method].args.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    throw new ApiError(`${method}: invalid arguments: ${describeZodError(parsed.error)}`);
  }
  const handler = handlers[method] as (args: unknown) => Promise<unknown>;
  return handler(parsed.data);
}
