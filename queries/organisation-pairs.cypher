// name: organisation-pairs
// description: Organisations and municipalities mentioned together in one sentence, whether as collaboration, with the evidence sentences.
// param collaboration_only: bool = false -- only pairs stated as collaborating (samverkan, samarbete, tillsammans med …)
// returns: organisation_a, organisation_b, collaboration, sentences, meetings, evidence
// collaboration is true when any sentence states a collaboration (COLLABORATES_WITH); otherwise the pair is only
// co-mentioned (CO_MENTIONED). sentences and meetings count distinct evidence sentences and meetings.
// The Neo4j and embedded texts differ (elementId, type); both give the same rows.
// Each pair is taken once by comparing element ids, which costs no property reads; which of the two is
// organisation_a (the smaller key) is decided once per pair, after the aggregation.
MATCH (x)-[r:COLLABORATES_WITH|CO_MENTIONED]-(y)
WHERE elementId(x) < elementId(y)
WITH x, y, collect(DISTINCT r.evidence) AS evidence, count(DISTINCT r.meeting) AS meetings,
     count(CASE WHEN type(r) = 'COLLABORATES_WITH' THEN 1 END) > 0 AS collaboration
WHERE collaboration OR NOT $collaboration_only
WITH CASE WHEN x.key < y.key THEN [x, y] ELSE [y, x] END AS pair, evidence, meetings, collaboration
RETURN pair[0].name AS organisation_a, pair[1].name AS organisation_b, collaboration, size(evidence) AS sentences,
       meetings, evidence
ORDER BY collaboration DESC, sentences DESC, organisation_a, organisation_b
