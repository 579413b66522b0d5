/** An error the API reports to the caller as-is (bad arguments, unknown run, …), never with a stack. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: 'bad-request' | 'not-found' | 'forbidden' | 'failed' = 'bad-request',
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
