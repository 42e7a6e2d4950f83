/**
 * Turns every failure into the protocol's `ErrorBody` with a stable code: our own
 * `OstWalletError`s keep theirs, schema violations become INVALID_PARAMETER naming the
 * field, anything else is an INTERNAL_ERROR whose cause stays in the log.
 */
import { OstWalletError } from '@ost-wallet/errors';
import type { ErrorBody } from '@ost-wallet/protocol';
import type { FastifyError, FastifyInstance } from 'fastify';

/** Shorthand for throwing a catalog error from a route. */
export { OstWalletError };

/**
 * Installs the error and not-found handlers on an app.
 * @param app - the fastify instance
 */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | OstWalletError | Error, request, reply) => {
    const err = toOstWalletError(error);
    if (err.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: err.code, details: err.details }, err.shortMessage);
    const body: ErrorBody = {
      code: err.code,
      message: err.shortMessage,
      details: err.details,
      request_id: request.id,
    };
    void reply.status(err.status).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = {
      code: 'NOT_FOUND',
      message: `no route ${request.method} ${request.url.split('?')[0]}`,
      details: {},
      request_id: request.id,
    };
    void reply.status(404).send(body);
  });
}

function toOstWalletError(error: FastifyError | OstWalletError | Error): OstWalletError {
  if (error instanceof OstWalletError) return error;
  const fe = error as FastifyError;
  if (fe.validation) {
    const first = fe.validation[0];
    const where = fe.validationContext ?? 'body';
    const path = first?.instancePath
      ? first.instancePath.replace(/^\//, '').replaceAll('/', '.')
      : '';
    const missing = (first?.params as { missingProperty?: string } | undefined)
      ?.missingProperty;
    const extra = (first?.params as { additionalProperty?: string } | undefined)
      ?.additionalProperty;
    const field = [path, missing ?? extra].filter(Boolean).join('.') || where;
    const problem = extra ? 'is not allowed' : (first?.message ?? 'is invalid');
    return new OstWalletError('INVALID_PARAMETER', `${where} ${field} ${problem}`, {
      details: { field, in: where },
    });
  }
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new OstWalletError(
      'INVALID_PARAMETER',
      'content-type must be application/json',
      {
        details: { field: 'content-type' },
      },
    );
  }
  if (
    fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    (fe.statusCode === 400 && error.name === 'SyntaxError')
  ) {
    return new OstWalletError('INVALID_PARAMETER', 'body is not valid JSON', {
      details: { field: 'body' },
    });
  }
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new OstWalletError('INVALID_PARAMETER', 'body is too large', {
      details: { field: 'body' },
    });
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new OstWalletError('INVALID_PARAMETER', fe.message, { details: {} });
  }
  // viem errors: the chain could not be reached or refused a read.
  if (isChainError(error)) {
    return new OstWalletError('CHAIN_ERROR', 'the chain did not answer as expected', {
      cause: error,
    });
  }
  return new OstWalletError('INTERNAL_ERROR', 'internal error', { cause: error });
}

function isChainError(error: unknown): boolean {
  let current = error as { name?: string; cause?: unknown } | undefined;
  for (let depth = 0; depth < 8 && current; depth++) {
    const name = current.name ?? '';
    if (
      name === 'HttpRequestError' ||
      name === 'RpcRequestError' ||
      name === 'TimeoutError' ||
      name === 'ContractFunctionExecutionError' ||
      name === 'CallExecutionError'
    ) {
      return true;
    }
    current = current.cause as typeof current;
  }
  return false;
}
