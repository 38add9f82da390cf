// Who is acting, as the directory and policy stores record it: the signed-in identity the
// auth guard attached to the request.
export const actorOf = (request: { identity?: { username: string } }): string =>
  request.identity?.username ?? 'unknown';
