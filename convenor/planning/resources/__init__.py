"""The resource map (program scan): programs, funding streams and policies that bear on
the partnership's issues, with the map's history as versions of the whole map."""
