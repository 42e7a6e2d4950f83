/**
 * Paths of the platform API. Partner routes are signed with the app's API key and
 * secret (HMAC); device routes with the device's API-signer key.
 */
export const routes = {
  // Partner API (app server).
  partnerUsers: '/v1/partner/users',
  partnerUser: (userId: string) => `/v1/partner/users/${enc(userId)}`,
  partnerDevices: (userId: string) => `/v1/partner/users/${enc(userId)}/devices`,
  partnerFund: (userId: string) => `/v1/partner/users/${enc(userId)}/fund`,
  partnerFunding: (userId: string, fundingId: string) =>
    `/v1/partner/users/${enc(userId)}/fundings/${enc(fundingId)}`,

  // Device API (SDK).
  chain: '/v1/chain',
  token: '/v1/token',
  user: (userId: string) => `/v1/users/${enc(userId)}`,
  currentDevice: (userId: string) => `/v1/users/${enc(userId)}/devices/current`,
  authorizeDevice: (userId: string) => `/v1/users/${enc(userId)}/devices/authorize`,
  salt: (userId: string) => `/v1/users/${enc(userId)}/salt`,
  activate: (userId: string) => `/v1/users/${enc(userId)}/activate`,
  deviceManager: (userId: string) => `/v1/users/${enc(userId)}/device-manager`,
  tokenHolder: (userId: string) => `/v1/users/${enc(userId)}/token-holder`,
  sessions: (userId: string) => `/v1/users/${enc(userId)}/sessions`,
  session: (userId: string, address: string) =>
    `/v1/users/${enc(userId)}/sessions/${enc(address)}`,
  revokeSession: (userId: string, address: string) =>
    `/v1/users/${enc(userId)}/sessions/${enc(address)}/revoke`,
  logout: (userId: string) => `/v1/users/${enc(userId)}/logout`,
  balance: (userId: string) => `/v1/users/${enc(userId)}/balance`,
  transactions: (userId: string) => `/v1/users/${enc(userId)}/transactions`,
  transaction: (userId: string, id: string) =>
    `/v1/users/${enc(userId)}/transactions/${enc(id)}`,
} as const;

function enc(segment: string): string {
  return encodeURIComponent(segment);
}
