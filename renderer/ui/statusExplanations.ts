/** One sentence on what a status usually means when calling someone else's API. */
const EXPLANATIONS: Record<number, string> = {
  200: 'The request succeeded.',
  201: 'The request succeeded and created a resource.',
  202: 'Accepted for processing; the work may not be done yet.',
  204: 'The request succeeded and there is no body.',
  301: 'Moved permanently: update the URL to the Location header.',
  302: 'Found elsewhere: the Location header says where.',
  304: 'Not modified since the version you have.',
  307: 'Temporary redirect: repeat the same request at the Location header.',
  308: 'Permanent redirect: repeat the same request at the Location header.',
  400: 'Bad request: the API could not understand the request (check the body, parameters and Content-Type).',
  401: 'Access to this API has been disallowed: the token or credentials are missing, expired or invalid.',
  403: 'Access to this API has been disallowed: the credentials are valid but this request or an access policy does not allow it.',
  404: 'Not found: the URL is wrong or the endpoint is not active.',
  405: 'This method is not allowed on this URL.',
  406: 'The API cannot answer in a format your Accept header allows.',
  408: 'The server timed out waiting for the request.',
  409: 'Conflict with the current state of the resource.',
  410: 'Gone: this resource or endpoint has been removed.',
  413: 'The request body is larger than the API accepts.',
  415: 'Unsupported media type: check the Content-Type header.',
  422: 'The request was understood but its content failed validation.',
  429: 'Too many requests: a concurrency, rate or quota limit was hit. Retry later (see Retry-After).',
  500: 'The API hit an error while processing the request.',
  501: 'The API does not implement this.',
  502: 'Bad gateway: a proxy or gateway got an invalid answer from the upstream service.',
  503: 'The service is unavailable, often overloaded or under maintenance.',
  504: 'Gateway timeout: the upstream service took too long to answer.',
};

export function explainStatus(status: number): string {
  const known = EXPLANATIONS[status];
  if (known) return known;
  if (status >= 500) return 'The server failed to handle the request.';
  if (status >= 400) return 'The request was refused by the API.';
  if (status >= 300) return 'The response points elsewhere.';
  if (status >= 200) return 'The request succeeded.';
  return 'An informational response.';
}
