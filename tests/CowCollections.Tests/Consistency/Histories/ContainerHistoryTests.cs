using Xunit.Abstractions;

namespace CowCollections.Tests.Consistency.Histories;

/// <summary>
/// The containers judged by recorded histories: four threads call every public member at random, each call
/// is recorded with its invocation and response time, and the checker (Wing &amp; Gong with Lowe's memoization)
/// proves each round linearizable against a lock-free-of-the-library specification (<see cref="List{T}"/>,
/// <see cref="Dictionary{TKey, TValue}"/>, <c>T[]</c>). <c>COW_LINCHECK_SECONDS</c> sets how long each runs;
/// <c>COW_LINCHECK_SEED</c> replays a run.
/// </summary>
public sealed class ContainerHistoryTests(ITestOutputHelper output)
{
    [Fact]
    public void CopyOnWriteList_EveryCallIsLinearizable_AgainstList() =>
        Workload.Check(output, "CopyOnWriteList<int>", () => new CopyOnWriteList<int>(), ListWorkload.Model, ListWorkload.Calls());

    [Fact]
    public void CopyOnWriteDictionary_OneKeyCalls_AreLinearizable_PerKey() =>
        Workload.Check(output, "CopyOnWriteDictionary<int, int> (per key)", () => new CopyOnWriteDictionary<int, int>(), DictionaryWorkload.Model, DictionaryWorkload.Calls(wholeReads: false), callsPerThread: 400);

    [Fact]
    public void CopyOnWriteDictionary_EveryCallIsLinearizable_AgainstDictionary() =>
        Workload.Check(output, "CopyOnWriteDictionary<int, int>", () => new CopyOnWriteDictionary<int, int>(), DictionaryWorkload.Model, DictionaryWorkload.Calls(wholeReads: true));

    [Fact]
    public void CopyOnWriteArray_EveryCallIsLinearizable_AgainstAnArray() =>
        Workload.Check(output, "CopyOnWriteArray<int>", () => new CopyOnWriteArray<int>(ArrayWorkload.Length), ArrayWorkload.Model, ArrayWorkload.Calls());
}
