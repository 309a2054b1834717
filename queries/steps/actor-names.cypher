// A read of the central-actors post-step: the names and labels of the actors the post-step ranked first, by key (two
// index seeks per actor on Neo4j), so the main query need not send every actor's name.
// params: keys: the actors' keys
MATCH (n:Person|Municipality|Organisation|Place|Topic) WHERE n.key IN $keys RETURN n.key AS key, n.name AS name, labels(n)[0] AS label
