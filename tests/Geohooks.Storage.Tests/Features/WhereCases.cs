namespace Geohooks.Storage.Tests.Features;

/// <summary>
/// Where clauses and the rows of <see cref="WhereTable"/> they match: the same on every backend. The second list is
/// for case-sensitive comparison, where it differs from the case-insensitive default. Row 10 is all NULLs.
/// </summary>
public static class WhereCases
{
    public const string CurrentUser = "Alpha";

    private const string All = "1 2 3 4 5 6 7 8 9 10 11 12";
    private const string NotNull = "1 2 3 4 5 6 7 8 9 11 12";

    public static TheoryData<string, string, string> Basics => Cases(
        ("1=1", All, null),
        ("1=0", "", null),
        ("9999=9999", All, null),
        ("1 = '1'", All, null),
        ("ObjectID = 3", "3", null),
        ("objectid in (1, 2, 3)", "1 2 3", null),
        ("OBJECTID NOT IN (1, 2)", "3 4 5 6 7 8 9 10 11 12", null),
        ("ObjectID BETWEEN 2 AND 4", "2 3 4", null),
        ("ObjectID NOT BETWEEN 2 AND 11", "1 12", null),
        ("ObjectID = '5'", "5", null),
        ("\"Name\" = 'Beta'", "3", null),
        ("NOT (Count > 12)", "1 5 6 12", null),
        ("Count > 12 AND Count < 30 OR Name = 'Beta'", "2 3 7 8 9", null),
        ("(Name = 'alpha' OR Name = 'beta') AND Small > 1", "2", null),
        ("((((Count = 10))))", "1", null),
        ("Count IS NULL", "10", null),
        ("Name IS NOT NULL", NotNull, null),
        ("Count <> 10", "2 3 4 5 6 7 8 9 11 12", null),
        ("shape IS NULL", "3 10", null),
        ("SHAPE is not null", "1 2 4 5 6 7 8 9 11 12", null),
        ("Photo IS NOT NULL", "1", null),
        ("GlobalID = '{00000000-0000-0000-0000-000000000001}'", "1", null),
        ("GlobalID = '00000000-0000-0000-0000-00000000000b'", "11", null),
        ("GlobalID IN ('00000000-0000-0000-0000-000000000002', '{00000000-0000-0000-0000-000000000003}')", "2 3", null));

    public static TheoryData<string, string, string> Text => Cases(
        ("Name = 'ALPHA'", "1 2", ""),
        ("Name = 'Alpha'", "1 2", "1"),
        ("Name = 'école'", "4 5", "5"),
        ("Name = 'ÉCOLE'", "4 5", ""),
        ("NAME IN ('alpha', 'BETA')", "1 2 3", "2"),
        ("Name <> 'alpha'", "3 4 5 6 7 8 9 11 12", "1 3 4 5 6 7 8 9 11 12"),
        ("Name > 'b'", "3 4 5 9 11", "4 5"),
        ("Name BETWEEN 'a' AND 'b'", "1 2 8", "2 8"),
        ("Name = current_user", "1 2", "1"),
        ("Name = 'O''Brien'", "9", null),
        ("Name || '!' = 'Beta!'", "3", null),
        ("Name || Count = 'alpha20'", "2", null),
        ("CHAR_LENGTH(Name) = 5", "1 2 4 5 7 12", null),
        ("UPPER(Name) = 'ALPHA'", "1 2", null),
        ("LOWER(Name) = 'école'", "4 5", null),
        ("UPPER(Name) = 'ÉCOLE'", "4 5", null),
        ("CONCAT(Name, Code) = 'AlphaAL'", "1 2", "1"),
        ("CONCAT(Name, 'x') = 'x'", "10", null),
        ("POSITION('ph' IN Name) = 3", "1 2", null),
        ("POSITION('PH' IN Name) = 3", "1 2", ""),
        ("POSITION('z' IN Name) = 0", NotNull, null),
        ("SUBSTRING(Name FROM 2 FOR 3) = 'lph'", "1 2", null),
        ("SUBSTRING(Name FROM 0 FOR 3) = 'Al'", "1 2", "1"),
        ("SUBSTRING(Name, 3) = 'pha'", "1 2", null),
        ("SUBSTRING(Name FROM -1 FOR 3) = 'A'", "1 2 8", "1"),
        ("TRIM(Notes) = 'padded'", "12", null),
        ("TRIM(LEADING FROM Notes) = 'padded  '", "12", null),
        ("TRIM(TRAILING ' ' FROM Notes) = '  padded'", "12", null),
        ("TRIM(BOTH '[' FROM Code) = 'x'", "12", null),
        ("COALESCE(Name, 'none') = 'none'", "10", null));

    public static TheoryData<string, string, string> Like => Cases(
        ("Name LIKE 'a%'", "1 2 8", "2 8"),
        ("Name LIKE '%ray'", "11", null),
        ("Name LIKE '_lpha'", "1 2", null),
        ("Name LIKE '_LPHA'", "1 2", ""),
        ("Name LIKE '50!%%' ESCAPE '!'", "6", null),
        ("Name LIKE '50\\_%' ESCAPE '\\'", "7", null),
        ("Name LIKE '50_%'", "6 7", null),
        ("Name LIKE 'a\\b'", "8", null),
        ("Name NOT LIKE '%a%'", "4 5 6 7 9 12", null),
        ("Name LIKE 'é%'", "4 5", "5"),
        ("Name LIKE '%''%'", "9", null),
        ("Name LIKE '[x]%'", "12", null),
        ("Name LIKE '%*?'", "12", null),
        ("Name LIKE '%?'", "12", null),
        ("Name LIKE Code || '%'", "1 2 3 4 5 6 7 8 11 12", "5 6 7 8 11 12"),
        ("Name LIKE '%' || current_user || '%'", "1 2", "1"),
        ("UPPER(Name) LIKE 'ÉC%'", "4 5", null),
        ("GlobalID LIKE '%b}'", "11", ""));

    public static TheoryData<string, string, string> Dates => Cases(
        ("Created = timestamp '2020-01-01 00:00:00'", "1", null),
        ("Created = date '2020-01-01'", "1", null),
        ("Created > '2024-01-01'", "3 4 11 12", null),
        ("Created BETWEEN timestamp '2020-06-15 12:30:45.5' AND timestamp '2020-06-15 12:30:46'", "2", null),
        ("Created = timestamp '2020-06-15 14:30:45.500 +02:00'", "2", null),
        ("Created >= CURRENT_TIMESTAMP - INTERVAL '1' DAY", "3 11 12", null),
        ("Created > CURRENT_TIMESTAMP - INTERVAL '3 00:00:01' DAY TO SECOND", "3 4 11 12", null),
        ("CURRENT_TIMESTAMP - Created < INTERVAL '1' DAY", "3 11 12", null),
        ("Created < CURRENT_DATE", "1 2 4 5 6 7 8 9 11", null),
        ("EXTRACT(YEAR FROM Created) = 2020", "1 2", null),
        ("EXTRACT(MONTH FROM Created) = 6", "2", null),
        ("EXTRACT(SECOND FROM Created) = 59", "5 9", null),
        ("EXTRACT(YEAR FROM Created) = 1969", "9", null),
        ("EXTRACT(HOUR FROM Created) = 23", "5 9", null),
        ("EXTRACT(DAY FROM Created) = 31", "5 9", null),
        ("Created = 1577836800000", "1", null),
        ("Created < 0", "9", null),
        ("Day = date '2020-01-01'", "1", null),
        ("Day = '2020-06-15'", "2", null),
        ("Day > DATE '2024-03-08'", "3 11 12", null),
        ("Day < timestamp '2020-01-01 12:00:00'", "1 9", null),
        ("Day = CURRENT_DATE", "3", null),
        ("Day >= CURRENT_DATE - INTERVAL '2' DAY", "3 11 12", null),
        ("EXTRACT(YEAR FROM Day) = 2021", "5", null),
        ("Day = Created", "1 7 12", null),
        ("CAST(Day AS TIMESTAMP) = Created", "1 7 12", null),
        ("Opens = time '08:00:00'", "1", null),
        ("Opens < '09:00:00'", "1 6 7", null),
        ("EXTRACT(HOUR FROM Opens) = 23", "5 9", null),
        ("Opens > CURRENT_TIME", "3 4 5 8 9", null),
        ("Opens BETWEEN '12:00:00' AND '13:00:00'", "3 4 12", null),
        ("Arrival = timestamp '2020-01-01 00:00:00 -08:00'", "1", null),
        ("Arrival > date '2024-03-09'", "3 11 12", null),
        ("Arrival < Created", "3", null),
        ("Arrival = Created", "5 6 7 8 9 11 12", null),
        ("EXTRACT(HOUR FROM Arrival) = 20", "2", null),
        ("CAST(Arrival AS DATE) = date '2024-03-07'", "4", null),
        ("Arrival >= CURRENT_TIMESTAMP - INTERVAL '12:00' HOUR TO MINUTE", "3 12", null),
        ("CAST(Created AS DATE) = date '2020-06-15'", "2", null),
        ("CAST(Created AS VARCHAR(10)) = '2020-01-01'", "1", null),
        ("CAST(Created AS TIME) = time '12:30:45'", "2", null),
        ("CAST(Created AS VARCHAR) = '2020-06-15 12:30:45'", "2", null));

    public static TheoryData<string, string, string> Numbers => Cases(
        ("Count * 2 = 40", "2", null),
        ("Count / 3 = 3", "1 5", null),
        ("Count / 0 IS NULL", All, null),
        ("Amount / 2 > 1", "2 4 6 7 8 9 11", null),
        ("Count + Small = 11", "1", null),
        ("-Count = -10", "1", null),
        ("Count - 2 * 3 = 4", "1", null),
        ("(Count - 2) * 3 = 24", "1", null),
        ("MOD(Count, 3) = 1", "1 4 7 11", null),
        ("MOD(Amount, 1) = 0.5", "1 7 9", null),
        ("MOD(Count, 0) IS NULL", All, null),
        ("MOD(Ratio, 1) = Ratio", "1 2 3 12", null),
        ("MOD(Amount, 0.5) = 0.25", "2", null),
        ("COALESCE(Count, Amount) / 4 = 2.5", "1", null),
        ("ROUND(Ratio, 9) = 0.100000001", "3", null),
        ("Ratio = 0.1", "3", null),
        ("Ratio = 0.5", "1", null),
        ("Ratio > 2.5", "6 7 8 9 11", null),
        ("Big > 1000000000", "1", null),
        ("Small < 0", "3", null),
        ("Amount * Count > 999", "11", null),
        ("ABS(Small) = 3", "3", null),
        ("CEILING(Amount) = 2", "1", null),
        ("FLOOR(Amount) = -2", "3", null),
        ("ROUND(Amount, 0) = 2", "1 2", null),
        ("ROUND(Amount, 1) = 0.1", "5", null),
        ("ROUND(Amount, 1) = 2.3", "2", null),
        ("ROUND(Big, -1) = -100", "11", null),
        ("ROUND(Count, -1) = 10", "1 5 6 7 8", null),
        ("TRUNCATE(Amount, 1) = 2.2", "2", null),
        ("TRUNCATE(Amount, 0) = -1", "3", null),
        ("TRUNCATE(Count, -1) = 10", "1 5 6 7 8 9", null),
        ("POWER(Count, 2) = 100", "1", null),
        ("LOG10(Count) = 1", "1", null),
        ("LOG10(Count) = 2", "11", null),
        ("LOG(Count) > 4", "11", null),
        ("LOG(Small - 100) IS NULL", All, null),
        ("COS(Count * 0) = 1", NotNull, null),
        ("SIN(0) = 0", All, null),
        ("TAN(Small * 0) = 0", NotNull, null),
        ("COALESCE(Count, 0) = 0", "10 12", null),
        ("NULLIF(Count, 10) IS NULL", "1 10", null),
        ("CAST(Amount AS INT) = 2", "2", null),
        ("CAST(Amount AS INTEGER) = -1", "3", null),
        ("CAST(Count AS VARCHAR(1)) = '1'", "1 5 6 7 8 9 11", null),
        ("CAST(Count AS FLOAT) / 4 = 2.5", "1", null),
        ("CAST('12' AS INT) = Count", "6", null));

    private static TheoryData<string, string, string> Cases(params (string Where, string Ids, string? CaseSensitiveIds)[] cases)
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (where, ids, caseSensitive) in cases)
        {
            data.Add(where, ids, caseSensitive ?? ids);
        }

        return data;
    }
}
