/** Where a request's connection may be set: the request itself, its folders, its collection. */
export interface AuthOwner {
  /** A connection id; null for "no connection" chosen explicitly; absent to inherit. */
  connectionId?: string | null;
}

/**
 * The connection a request is sent under. A request that chooses nothing ("Inherit", the
 * default) takes its nearest folder's choice, then its collection's; an explicit choice,
 * including "no connection", wins over anything inherited.
 * `ancestors` runs from the nearest folder out to the collection.
 */
export function effectiveConnectionId(request: AuthOwner, ancestors: readonly AuthOwner[]): string | null {
  if (request.connectionId !== undefined) return request.connectionId;
  for (const owner of ancestors) if (owner.connectionId !== undefined) return owner.connectionId;
  return null;
}
