/** Header names of the signed API (lower case, as Node and fetch report them). */
export const headers = {
  /** Partner API key (partner requests). */
  apiKey: 'ost-api-key',
  /** User id (device requests). */
  userId: 'ost-user-id',
  /** Device owner address (device requests). */
  device: 'ost-device-address',
  /** Unix seconds when the request was signed. */
  timestamp: 'ost-timestamp',
  /**
   * HMAC-SHA256 lower-case hex (partner), or the EIP-191 signature by the API-signer key
   * (device) as 65 bytes `r || s || v` with s in the lower half of the curve order and
   * v 27 or 28 (what viem produces); other encodings are refused.
   */
  signature: 'ost-signature',
} as const;

/** How far a request's timestamp may be from the server's clock, in seconds. */
export const REQUEST_WINDOW_SECONDS = 100;
