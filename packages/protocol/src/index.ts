export {
  type RequestToSign,
  toCanonicalJson,
  toCanonicalRequest,
} from './canonicalRequest.ts';
export {
  createPartnerClient,
  type PartnerClient,
  type PartnerClientOptions,
} from './createPartnerClient.ts';
export type * from './entities.ts';
export { headers, REQUEST_WINDOW_SECONDS } from './headers.ts';
export type * from './requests.ts';
export { routes } from './routes.ts';
export {
  recoverDeviceRequestSigner,
  signDeviceRequest,
  toDeviceIdentity,
} from './signDeviceRequest.ts';
export { signPartnerRequest, verifyPartnerSignature } from './signPartnerRequest.ts';
