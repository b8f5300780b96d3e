-- Every municipality has a population (the weight of every national and group value).
SELECT kommune_kode, name, population
FROM municipalities
WHERE population IS NULL OR population <= 0;
