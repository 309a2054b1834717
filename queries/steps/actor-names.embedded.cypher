// A read of the central-actors post-step: the same on the embedded store.
// params: keys: the actors' keys
MATCH (n:Person:Municipality:Organisation:Place:Topic) WHERE n.key IN $keys RETURN n.key AS key, n.name AS name, label(n) AS label
