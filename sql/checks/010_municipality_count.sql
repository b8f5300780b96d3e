-- Exactly the expected number of municipalities (98 for Denmark).
SELECT count(*) AS municipalities, $expected_municipalities AS expected
FROM municipalities
HAVING count(*) <> $expected_municipalities;
