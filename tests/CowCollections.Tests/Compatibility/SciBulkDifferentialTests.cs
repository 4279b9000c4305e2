using System.Collections.Immutable;
using CowCollections;
using Xunit;
using Xunit.Abstractions;

namespace CowCollections.Tests.Compatibility;

/// <summary>
/// Every bulk entry point of the dictionary (CreateRange, counted AddRange/SetItems into an empty dictionary,
/// Create(span), ToPersistentDictionary, the CopyOnWriteDictionary constructor, the builder's AddRange/SetItems) against the
/// same batch inserted one by one on a builder and against ImmutableDictionary: same contents, the same stored
/// value objects (an equal value is a no-op, so the first of equal values stays), and the same exception
/// (type and ParamName) with the first offending entry in input order winning.
/// </summary>
public sealed class SciBulkDifferentialTests(ITestOutputHelper output)
{
    private sealed class Val(int n)
    {
        public int N { get; } = n;

        public override string ToString() => "v" + N;
    }

    private sealed class ByN : IEqualityComparer<Val>
    {
        public static readonly ByN Instance = new();

        public bool Equals(Val? x, Val? y) => x?.N == y?.N;

        public int GetHashCode(Val obj) => obj.N;
    }

    private sealed record Outcome(Dictionary<string, (string Key, Val Value)>? Content, Type? Error, string? ParamName)
    {
        public override string ToString() => Error is null ? $"{Content!.Count} entries" : $"{Error.Name}({ParamName})";
    }

    private static Outcome Run(Func<IReadOnlyDictionary<string, Val>> build)
    {
        try
        {
            var result = build();
            return new Outcome(result.ToDictionary(kv => kv.Key, kv => (kv.Key, kv.Value)), null, null);
        }
        catch (ArgumentException e)
        {
            return new Outcome(null, e.GetType(), e.ParamName);
        }
    }

    /// <summary>Yields without a count, so the per-item (not the bulk) path runs.</summary>
    private static IEnumerable<KeyValuePair<string, Val>> Uncounted(List<KeyValuePair<string, Val>> batch)
    {
        foreach (var item in batch)
        {
            yield return item;
        }
    }

    private static List<KeyValuePair<string, Val>> RandomBatch(Random random)
    {
        int length = random.Next(2) == 0 ? random.Next(1, 20) : random.Next(64, 200);
        int keys = Math.Max(1, length * random.Next(2, 12) / 10);
        var batch = new List<KeyValuePair<string, Val>>(length);
        for (int i = 0; i < length; i++)
        {
            string key = "k" + random.Next(keys);
            batch.Add(new(key, new Val(random.Next(3))));
        }

        int nulls = random.Next(4) == 0 ? random.Next(1, 3) : 0;
        for (int i = 0; i < nulls; i++)
        {
            batch[random.Next(batch.Count)] = new(null!, new Val(random.Next(3)));
        }

        return batch;
    }

    private static void AssertSame(string path, Outcome expected, Outcome actual, List<KeyValuePair<string, Val>> batch)
    {
        Assert.True(expected.Error == actual.Error && expected.ParamName == actual.ParamName, $"{path}: expected {expected}, got {actual}");
        if (expected.Error is not null)
        {
            return;
        }

        // The first occurrence of each key: while its value object stays (nothing different replaced it), the
        // stored key object is that occurrence's too.
        var first = new Dictionary<string, KeyValuePair<string, Val>>();
        foreach (var item in batch)
        {
            if (item.Key is not null)
            {
                first.TryAdd(item.Key, item);
            }
        }

        Assert.Equal(expected.Content!.Count, actual.Content!.Count);
        foreach (var (key, (_, value)) in expected.Content)
        {
            Assert.True(actual.Content.TryGetValue(key, out var got), $"{path}: {key} missing");
            Assert.True(ReferenceEquals(value, got.Value), $"{path}: {key} holds {got.Value} (#{System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(got.Value)}), not the expected object {value}");
            if (ReferenceEquals(value, first[key].Value))
            {
                Assert.True(ReferenceEquals(first[key].Key, got.Key), $"{path}: {key} is not stored with its first key object");
            }
        }
    }

    [Fact]
    public void Bulk_paths_agree_with_one_by_one_inserts_and_with_ImmutableDictionary()
    {
        int seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        for (int round = 0; round < 400; round++)
        {
            var batch = RandomBatch(random);
            string at = $"seed {seed} round {round}";

            // AddRange semantics: a repeated key with an equal value is a no-op, a different value throws.
            var addOracle = Run(() => ImmutableDictionary.CreateRange(null, ByN.Instance, batch));
            var oneByOneAdd = Run(() =>
            {
                var builder = PersistentDictionary.CreateBuilder<string, Val>(null, ByN.Instance);
                foreach (var item in batch)
                {
                    try
                    {
                        builder.Add(item.Key, item.Value);
                    }
                    catch (ArgumentNullException)
                    {
                        // A range operation reports the pair's Key, as ImmutableDictionary does.
                        throw new ArgumentNullException("Key");
                    }
                }

                return builder.ToImmutable();
            });
            AssertSame($"{at} one-by-one Add", addOracle, oneByOneAdd, batch);
            AssertSame($"{at} CreateRange", addOracle, Run(() => PersistentDictionary.CreateRange(null, ByN.Instance, batch)), batch);
            AssertSame($"{at} AddRange", addOracle, Run(() => PersistentDictionary.Create<string, Val>(null, ByN.Instance).AddRange(batch)), batch);
            AssertSame($"{at} AddRange uncounted", addOracle, Run(() => PersistentDictionary.Create<string, Val>(null, ByN.Instance).AddRange(Uncounted(batch))), batch);
            AssertSame($"{at} Builder.AddRange", addOracle, Run(() =>
            {
                var builder = PersistentDictionary.CreateBuilder<string, Val>(null, ByN.Instance);
                builder.AddRange(batch);
                return builder.ToImmutable();
            }), batch);

            // SetItems semantics: the last different value wins, an equal value keeps the stored object.
            var setOracle = Run(() => ImmutableDictionary.Create<string, Val>(null, ByN.Instance).SetItems(batch));
            var oneByOneSet = Run(() =>
            {
                var builder = PersistentDictionary.CreateBuilder<string, Val>(null, ByN.Instance);
                foreach (var item in batch)
                {
                    try
                    {
                        builder[item.Key] = item.Value;
                    }
                    catch (ArgumentNullException)
                    {
                        throw new ArgumentNullException("Key");
                    }
                }

                return builder.ToImmutable();
            });
            AssertSame($"{at} one-by-one SetItem", setOracle, oneByOneSet, batch);
            AssertSame($"{at} SetItems", setOracle, Run(() => PersistentDictionary.Create<string, Val>(null, ByN.Instance).SetItems(batch)), batch);
            AssertSame($"{at} SetItems uncounted", setOracle, Run(() => PersistentDictionary.Create<string, Val>(null, ByN.Instance).SetItems(Uncounted(batch))), batch);
            AssertSame($"{at} Builder.SetItems", setOracle, Run(() =>
            {
                var builder = PersistentDictionary.CreateBuilder<string, Val>(null, ByN.Instance);
                builder.SetItems(batch);
                return builder.ToImmutable();
            }), batch);

            // The entry points without a value comparer: the default (reference) equality of Val.
            var defaultOracle = Run(() => ImmutableDictionary<string, Val>.Empty.SetItems(batch));
            AssertSame($"{at} CopyOnWriteDictionary(items)", defaultOracle, Run(() => new CopyOnWriteDictionary<string, Val>(batch).Snapshot), batch);
            AssertSame($"{at} CopyOnWriteDictionary(uncounted)", defaultOracle, Run(() => new CopyOnWriteDictionary<string, Val>(Uncounted(batch)).Snapshot), batch);

            // Create(span), the collection-expression target, goes through the sorted bulk build: the same result as
            // SetItems, and a null key named as the indexer names it.
            var spanOracle = defaultOracle with { ParamName = defaultOracle.ParamName == "Key" ? "key" : defaultOracle.ParamName };
            var spanBatch = batch.ToArray();
            AssertSame($"{at} Create(span)", spanOracle, Run(() => PersistentDictionary.Create(new ReadOnlySpan<KeyValuePair<string, Val>>(spanBatch))), batch);
            // ToPersistentDictionary lets a later duplicate win (its documented contract, where ToImmutableDictionary
            // throws on a different value), so its oracle is SetItems; a null key is reported alike.
            var selectOracle = defaultOracle;
            AssertSame($"{at} ToPersistentDictionary", selectOracle, Run(() => batch.ToPersistentDictionary(kv => kv.Key, kv => kv.Value)), batch);
            AssertSame($"{at} ToPersistentDictionary uncounted", selectOracle, Run(() => Uncounted(batch).ToPersistentDictionary(kv => kv.Key, kv => kv.Value)), batch);
        }
    }

    [Fact]
    public void A_duplicate_before_a_null_key_is_reported_as_the_duplicate_on_every_path()
    {
        var batch = Enumerable.Range(0, 100).Select(i => new KeyValuePair<string, Val>("k" + i, new Val(i))).ToList();
        batch[10] = new("k3", new Val(-1));
        batch[50] = new(null!, new Val(0));
        var sci = Assert.ThrowsAny<ArgumentException>(() => ImmutableDictionary.CreateRange(batch));
        Assert.IsNotType<ArgumentNullException>(sci);
        var bulk = Assert.ThrowsAny<ArgumentException>(() => PersistentDictionary.CreateRange(batch));
        Assert.IsNotType<ArgumentNullException>(bulk);

        batch[10] = new("k10", new Val(10));
        batch[60] = new("k3", new Val(-1));
        Assert.Equal("Key", Assert.Throws<ArgumentNullException>(() => ImmutableDictionary.CreateRange(batch)).ParamName);
        Assert.Equal("Key", Assert.Throws<ArgumentNullException>(() => PersistentDictionary.CreateRange(batch)).ParamName);
    }

    [Fact]
    public void An_equal_value_keeps_the_stored_object_in_a_bulk_SetItems()
    {
        var first = new Val(1);
        var batch = Enumerable.Range(0, 100).Select(i => new KeyValuePair<string, Val>("k" + i, new Val(i + 10))).ToList();
        batch[5] = new("dup", first);
        batch[70] = new("dup", new Val(1));
        var set = PersistentDictionary.Create<string, Val>(null, ByN.Instance).SetItems(batch);
        Assert.Same(first, set["dup"]);
        Assert.Same(first, ImmutableDictionary.Create<string, Val>(null, ByN.Instance).SetItems(batch)["dup"]);
    }
}
