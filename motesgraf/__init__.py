"""motesgraf: Swedish meeting notes into a knowledge graph of actors and topics.

The installed package maps the repository's top-level folders into one namespace:
``extraction/`` is ``motesgraf.extraction``, ``graph/`` is ``motesgraf.graph``,
``queries/`` is ``motesgraf.queries`` and ``visualisations/`` is
``motesgraf.visualisations``. This package itself holds the CLI and the wiring.
"""

__version__ = "0.1.0"
