// name: meeting-diff
// description: Actors and topics added and dropped between two meetings.
// param from: string -- the earlier meeting: its date (YYYY-MM-DD), its key (meeting:…) or its source file name
// param to: string -- the later meeting, identified the same way
// returns: change, kind, name
// An entity belongs to a meeting when any relationship from that meeting's notes touches it. "added": in the
// second meeting only; "dropped": in the first only. A date shared by several meetings selects all of them;
// a meeting that is not found gives no rows.
MATCH (f:Meeting)
WHERE f.date = $from OR f.key = $from OR f.source = $from OR f.source ENDS WITH ('/' + $from)
WITH collect(f.key) AS before
MATCH (t:Meeting)
WHERE t.date = $to OR t.key = $to OR t.source = $to OR t.source ENDS WITH ('/' + $to)
WITH before, collect(t.key) AS after
WHERE size(before) > 0 AND size(after) > 0
// Each relationship type has an index on `meeting` (Neo4j): naming the types turns the lookup into one index
// seek per type and meeting instead of a scan of every relationship in the graph.
UNWIND before + after AS meeting
MATCH (e)-[r:ATTENDED|ABSENT_FROM|REPRESENTS|MINUTED|CHAIRED|ADJUSTED|PRESENTED|MENTIONS|CO_MENTIONED|COLLABORATES_WITH|MEMBER_OF|PART_OF]-()
WHERE r.meeting = meeting
  AND (e.key STARTS WITH 'person:' OR e.key STARTS WITH 'municipality:' OR e.key STARTS WITH 'organisation:'
       OR e.key STARTS WITH 'topic:' OR e.key STARTS WITH 'place:')
WITH e, max(CASE WHEN meeting IN before THEN 1 ELSE 0 END) AS was,
     max(CASE WHEN meeting IN after THEN 1 ELSE 0 END) AS is
WHERE was <> is
RETURN CASE WHEN is = 1 THEN 'added' ELSE 'dropped' END AS change, CASE WHEN e.key STARTS WITH 'person:' THEN 'Person' WHEN e.key STARTS WITH 'municipality:' THEN 'Municipality'
            WHEN e.key STARTS WITH 'organisation:' THEN 'Organisation' WHEN e.key STARTS WITH 'topic:' THEN 'Topic'
            WHEN e.key STARTS WITH 'place:' THEN 'Place' END AS kind, e.name AS name
ORDER BY change, kind, name, e.key
