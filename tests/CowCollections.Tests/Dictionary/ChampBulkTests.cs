using CowCollections.Internal;
using CowCollections.Internal.Champ;
using CowCollections.Tests.Support;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace CowCollections.Tests.Dictionary;

/// <summary>
/// <see cref="ChampBulk{TKey, TValue}"/> against insertion one by one: the same entries (last duplicate wins)
/// and the same canonical shape, under spread hashes, low-bit-equal hashes, full collisions and all-equal hashes.
/// </summary>
public class ChampBulkTests(ITestOutputHelper output)
{
    private static readonly Func<int, int>[] Strategies = HashStrategies.All;

    [Fact]
    public void Bulk_build_equals_one_by_one_insertion_in_content_and_shape() =>
        SeededProperty.Check(
            output,
            from strategy in Gen.Choose(0, Strategies.Length - 1)
            from keys in Gen.Choose(0, 3000).ArrayOf()
            select (strategy, keys),
            input => Check(Strategies[input.strategy], input.keys),
            200);

    [Fact]
    public void Bulk_build_of_many_entries_with_duplicates()
    {
        var random = new Random(11);
        Check(HashStrategies.Spread, Enumerable.Range(0, 100_000).Select(_ => random.Next(60_000)).ToArray());
        Check(id => id & 0xFFFF, Enumerable.Range(0, 50_000).Select(_ => random.Next(200_000)).ToArray());
    }

    [Fact]
    public void Create_of_a_span_builds_what_one_by_one_insertion_builds_under_forced_hashes() =>
        SeededProperty.Check(
            output,
            from strategy in Gen.Choose(0, Strategies.Length - 1)
            from ids in Gen.Choose(0, 2000).ArrayOf()
            select (strategy, ids),
            input =>
            {
                var hash = Strategies[input.strategy];
                var items = input.ids.Select((id, i) => KeyValuePair.Create(new HashKey(id, hash(id)), i)).ToArray();
                var created = PersistentDictionary.Create<HashKey, int>(items);
                var builder = PersistentDictionary.CreateBuilder<HashKey, int>();
                foreach (var (key, value) in items)
                {
                    builder[key] = value;
                }

                var expected = builder.ToImmutable();
                ChampChecker<HashKey, int, ChampDefaultGeometry>.Check(created.Root, created.Count, null);
                Assert.True(created.DictionaryEquals(expected));
                Assert.Equal(ChampChecker<HashKey, int, ChampDefaultGeometry>.Shape(expected.Root), ChampChecker<HashKey, int, ChampDefaultGeometry>.Shape(created.Root));
            },
            200);

    [Fact]
    public void Path_key_puts_the_root_fragment_first()
    {
        Assert.Equal(31u << 27, ChampBulk<int, int, ChampDefaultGeometry>.PathKey(31));
        Assert.Equal(1u << 22, ChampBulk<int, int, ChampDefaultGeometry>.PathKey(1u << 5));
        Assert.Equal(3u, ChampBulk<int, int, ChampDefaultGeometry>.PathKey(3u << 30));
    }

    private static void Check(Func<int, int> hash, int[] ids)
    {
        var comparer = new ForcedHashComparer(hash);
        var entries = ids.Select((id, i) => new ChampEntry<int, int>(id, i, (uint)hash(id))).ToArray();
        var root = ChampBulk<int, int, ChampDefaultGeometry>.Build(entries, comparer, out int count);
        var expected = PersistentDictionary<int, int>.Empty.WithComparers(comparer).SetItems(ids.Select((id, i) => KeyValuePair.Create(id, i)));
        Assert.Equal(expected.Count, count);
        ChampChecker<int, int, ChampDefaultGeometry>.Check(root, count, comparer);
        var bulk = PersistentDictionary<int, int>.FromRoot(root, count, expected.Clear());
        Assert.True(bulk.DictionaryEquals(expected));
        Assert.Empty(bulk.Diff(expected));
        Assert.Equal(ChampChecker<int, int, ChampDefaultGeometry>.Shape(expected.Root), ChampChecker<int, int, ChampDefaultGeometry>.Shape(root));
    }
}
