// name: organisation-pairs
// description: Organisations and municipalities mentioned together in one sentence, whether as collaboration, with the evidence sentences.
// param collaboration_only: bool = false -- only pairs stated as collaborating (samverkan, samarbete, tillsammans med …)
// returns: organisation_a, organisation_b, collaboration, sentences, meetings, evidence
// collaboration is true when any sentence states a collaboration (COLLABORATES_WITH); otherwise the pair is only
// co-mentioned (CO_MENTIONED). sentences and meetings count distinct evidence sentences and meetings.
MATCH (a)-[r:COLLABORATES_WITH|CO_MENTIONED]-(b)
WHERE a.key < b.key
WITH a, b, collect(DISTINCT r.evidence) AS evidence, count(DISTINCT r.meeting) AS meetings,
     COUNT { MATCH (a)-[:COLLABORATES_WITH]-(b) } > 0 AS collaboration
WHERE collaboration OR NOT $collaboration_only
RETURN a.name AS organisation_a, b.name AS organisation_b, collaboration, size(evidence) AS sentences, meetings,
       evidence
ORDER BY collaboration DESC, sentences DESC, organisation_a, organisation_b
