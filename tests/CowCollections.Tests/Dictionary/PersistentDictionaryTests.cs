using System.Collections.Immutable;

namespace CowCollections.Tests.Dictionary;

public sealed class PersistentDictionaryTests
{
    private static PersistentDictionary<int, int> Range(int n) =>
        PersistentDictionary.CreateRange(Enumerable.Range(0, n).Select(i => new KeyValuePair<int, int>(i, i)));

    [Fact]
    public void Collection_expression_builds_a_dictionary_and_the_last_key_wins()
    {
        PersistentDictionary<string, int> d = [new("a", 1), new("b", 2), new("a", 3)];
        Assert.Equal(2, d.Count);
        Assert.Equal(3, d["a"]);
        Champ.Check(d);
    }

    [Fact]
    public void Factories_take_key_and_value_comparers()
    {
        var d = PersistentDictionary.Create<string, string>(StringComparer.OrdinalIgnoreCase, StringComparer.OrdinalIgnoreCase);
        d = d.Add("K", "v").Add("k", "V");
        Assert.Single(d);
        Assert.Same(StringComparer.OrdinalIgnoreCase, d.KeyComparer);
        Assert.Same(StringComparer.OrdinalIgnoreCase, d.ValueComparer);
        var b = PersistentDictionary.CreateBuilder<string, int>(StringComparer.OrdinalIgnoreCase);
        b["X"] = 1;
        b["x"] = 2;
        Assert.Single(b);
        var r = PersistentDictionary.CreateRange(StringComparer.Ordinal, [new KeyValuePair<string, int>("a", 1)]);
        Assert.Equal(1, r["a"]);
        Assert.Same(PersistentDictionary<int, int>.Empty, PersistentDictionary.Create<int, int>());
    }

    [Fact]
    public void SetItem_with_an_equal_value_returns_the_same_instance()
    {
        var d = Range(100);
        Assert.Same(d, d.SetItem(5, 5));
        Assert.Same(d, d.Remove(1000));
        Assert.NotSame(d, d.SetItem(5, 6));
    }

    [Fact]
    public void Diff_reports_added_removed_and_changed_entries()
    {
        var v1 = Range(10_000);
        var v2 = v1.SetItem(5, -5).Remove(7).SetItem(20_000, 1);
        var diff = v1.Diff(v2).OrderBy(c => c.Key).ToArray();
        Assert.Equal(
            [
                new DictionaryChange<int, int>(DictionaryChangeKind.Changed, 5, 5, -5),
                new DictionaryChange<int, int>(DictionaryChangeKind.Removed, 7, 7, 0),
                new DictionaryChange<int, int>(DictionaryChangeKind.Added, 20_000, 0, 1),
            ],
            diff);
        Assert.Empty(v1.Diff(v1));
        Assert.Empty(v1.Diff(Range(10_000)));
    }

    [Fact]
    public void Diff_of_a_derived_version_visits_only_the_changed_path()
    {
        var comparer = new CountingComparer();
        var v1 = PersistentDictionary.CreateRange(comparer, Enumerable.Range(0, 100_000).Select(i => new KeyValuePair<int, int>(i, i)));
        var v2 = v1.SetItem(12_345, -1);
        comparer.Calls = 0;
        var diff = v1.Diff(v2);
        Assert.Single(diff);
        Assert.True(comparer.Calls <= 8, $"Diff made {comparer.Calls} key comparisons; shared subtrees must be skipped");
        comparer.Calls = 0;
        Assert.False(v1.DictionaryEquals(v2));
        Assert.True(v1.DictionaryEquals(v2.SetItem(12_345, 12_345)));
        Assert.True(comparer.Calls <= 16, $"DictionaryEquals made {comparer.Calls} key comparisons");
    }

    [Fact]
    public void Diff_and_DictionaryEquals_work_across_different_key_comparers()
    {
        var a = PersistentDictionary.CreateRange(StringComparer.Ordinal, [new KeyValuePair<string, int>("a", 1), new("b", 2)]);
        var b = PersistentDictionary.CreateRange(StringComparer.OrdinalIgnoreCase, [new KeyValuePair<string, int>("a", 1), new("c", 3)]);
        var diff = a.Diff(b).OrderBy(c => c.Key, StringComparer.Ordinal).ToArray();
        Assert.Equal(DictionaryChangeKind.Removed, diff[0].Kind);
        Assert.Equal("b", diff[0].Key);
        Assert.Equal(DictionaryChangeKind.Added, diff[1].Kind);
        Assert.Equal("c", diff[1].Key);
        Assert.False(a.DictionaryEquals(b));
        Assert.True(a.DictionaryEquals(a.WithComparers(StringComparer.OrdinalIgnoreCase)));
    }

    [Fact]
    public void Foreach_over_the_struct_enumerator_allocates_nothing()
    {
        var d = Range(10_000);
        long sum = 0;
        foreach (var kv in d)
        {
            sum += kv.Value;
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var kv in d)
        {
            sum += kv.Value;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(2L * 9_999 * 10_000 / 2, sum);
    }

    [Fact]
    public void Implements_IImmutableDictionary_and_the_read_only_IDictionary()
    {
        IImmutableDictionary<int, int> d = Range(10);
        d = d.Add(10, 10).SetItem(0, -1).Remove(1).SetItems([new(2, -2)]).RemoveRange([3]).AddRange([new(11, 11)]);
        Assert.Equal(10, d.Count);
        Assert.True(d.Contains(new(0, -1)));
        Assert.True(d.TryGetKey(4, out var k) && k == 4);
        Assert.Empty(d.Clear());
        IDictionary<int, int> rw = Range(3);
        Assert.True(rw.IsReadOnly);
        Assert.Throws<NotSupportedException>(() => rw.Add(5, 5));
        Assert.Throws<NotSupportedException>(() => rw[0] = 5);
        Assert.Equal([0, 1, 2], rw.Keys.Order());
        var array = new KeyValuePair<int, int>[4];
        rw.CopyTo(array, 1);
        Assert.Equal(3, array.Skip(1).Select(kv => kv.Key).Distinct().Count());
    }

    [Fact]
    public void Keys_values_ContainsValue_and_WithComparers()
    {
        var d = Range(50);
        Assert.Equal(Enumerable.Range(0, 50), d.Keys.Order());
        Assert.Equal(Enumerable.Range(0, 50), d.Values.Order());
        Assert.True(d.ContainsValue(49));
        Assert.False(d.ContainsValue(50));
        var s = PersistentDictionary.CreateRange([new KeyValuePair<string, int>("A", 1), new("a", 1)]);
        Assert.Single(s.WithComparers(StringComparer.OrdinalIgnoreCase));
        var conflicting = PersistentDictionary.CreateRange([new KeyValuePair<string, int>("A", 1), new("a", 2)]);
        Assert.Throws<ArgumentException>(() => conflicting.WithComparers(StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void Builder_ToImmutable_is_cached_and_later_edits_never_change_it()
    {
        var b = Range(1000).ToBuilder();
        b[1] = -1;
        var p1 = b.ToImmutable();
        Assert.Same(p1, b.ToImmutable());
        b[1] = -2;
        b.Remove(2);
        var p2 = b.ToImmutable();
        Assert.Equal(-1, p1[1]);
        Assert.True(p1.ContainsKey(2));
        Assert.Equal(-2, p2[1]);
        Assert.False(p2.ContainsKey(2));
        var e = b.GetEnumerator();
        e.MoveNext();
        b[3] = 33;
        Assert.Throws<InvalidOperationException>(() => e.MoveNext());
    }

    [Fact]
    public void Container_atomic_family_behaves_like_ConcurrentDictionary()
    {
        var c = new CopyOnWriteDictionary<string, int>();
        Assert.True(c.TryAdd("a", 1));
        Assert.False(c.TryAdd("a", 2));
        Assert.Equal(1, c.GetOrAdd("a", 5));
        Assert.Equal(7, c.GetOrAdd("b", _ => 7));
        Assert.Equal(8, c.GetOrAdd("c", static (_, x) => x + 1, 7));
        Assert.False(c.TryUpdate("a", 10, 99));
        Assert.True(c.TryUpdate("a", 10, 1));
        Assert.Equal(11, c.AddOrUpdate("a", 0, (_, v) => v + 1));
        Assert.Equal(3, c.AddOrUpdate("z", _ => 3, (_, v) => v + 1));
        Assert.True(c.TryRemove("z", out var removed));
        Assert.Equal(3, removed);
        Assert.False(c.TryRemove("z", out _));
        long version = c.Version;
        Assert.Equal(2, c.RemoveRange(["a", "b", "nope"]));
        Assert.Equal(version + 1, c.Version);
        Assert.True(c.Update(1, static (d, x) => d.SetItem("n", x)));
        Assert.False(c.Update(d => d));
        Assert.Equal(1, c["n"]);
        var snapshot = c.Snapshot;
        c.Clear();
        Assert.Empty(c);
        Assert.Equal(2, snapshot.Count);
    }

    private sealed class CountingComparer : IEqualityComparer<int>
    {
        public int Calls { get; set; }

        public bool Equals(int x, int y)
        {
            Calls++;
            return x == y;
        }

        public int GetHashCode(int obj) => obj;
    }
}
