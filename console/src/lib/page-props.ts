// What the shell (app.tsx) hands every page: the path's parameters and the address's query.
// Its own module so pages need not import the shell that imports them.
export interface PageProps {
  params: Record<string, string>;
  search: URLSearchParams;
}
