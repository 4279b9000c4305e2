using CowCollections.Tests.Dictionary;

namespace CowCollections.Tests.Conformance;

/// <summary>The operations the conformance suite drives; one adapter per implementation.</summary>
public interface IDictionarySubject<TKey, TValue>
    where TKey : notnull
{
    int Count { get; }

    TValue this[TKey key] { get; set; }

    void Add(TKey key, TValue value);

    bool Remove(TKey key);

    bool TryGetValue(TKey key, out TValue value);

    bool ContainsKey(TKey key);

    void SetItems(IEnumerable<KeyValuePair<TKey, TValue>> items);

    void RemoveRange(IEnumerable<TKey> keys);

    void Clear();

    /// <summary><c>TryAdd</c>: whether the key was added (a value reports whether it returned a new version).</summary>
    bool TryAdd(TKey key, TValue value);

    TValue? GetValueOrDefault(TKey key, TValue? defaultValue);

    bool TryGetKey(TKey equalKey, out TKey actualKey);

    /// <summary>The read-only keys view.</summary>
    IEnumerable<TKey> Keys { get; }

    /// <summary>The read-only values view.</summary>
    IEnumerable<TValue> Values { get; }

    /// <summary>The contents as a published value.</summary>
    PersistentDictionary<TKey, TValue> Publish();

    IEnumerable<KeyValuePair<TKey, TValue>> Enumerate();
}

/// <summary>Dictionary behaviour every implementation shares: the value, its builder and the container.</summary>
public abstract class DictionaryConformance
{
    protected abstract IDictionarySubject<TKey, TValue> Create<TKey, TValue>(IEqualityComparer<TKey>? comparer = null)
        where TKey : notnull;

    [Fact]
    public void Set_then_get_returns_the_value()
    {
        var d = Create<string, int>();
        d["a"] = 1;
        d["b"] = 2;
        d["a"] = 3;
        Assert.Equal(2, d.Count);
        Assert.Equal(3, d["a"]);
        Assert.True(d.TryGetValue("b", out var b));
        Assert.Equal(2, b);
        Assert.False(d.TryGetValue("c", out _));
        Assert.True(d.ContainsKey("a"));
        Assert.False(d.ContainsKey("z"));
    }

    [Fact]
    public void Missing_key_through_the_indexer_throws_KeyNotFoundException_naming_the_key()
    {
        var d = Create<string, int>();
        d["present"] = 1;
        var ex = Assert.Throws<KeyNotFoundException>(() => d["missing-key-42"]);
        Assert.Contains("missing-key-42", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_keys_throw_ArgumentNullException()
    {
        var d = Create<string, int>();
        Assert.Throws<ArgumentNullException>(() => d[null!] = 1);
        Assert.Throws<ArgumentNullException>(() => d[null!]);
        Assert.Throws<ArgumentNullException>(() => d.Add(null!, 1));
        Assert.Throws<ArgumentNullException>(() => d.Remove(null!));
        Assert.Throws<ArgumentNullException>(() => d.TryGetValue(null!, out _));
        Assert.Throws<ArgumentNullException>(() => d.ContainsKey(null!));
        Assert.Throws<ArgumentNullException>(() => d.SetItems([new KeyValuePair<string, int>(null!, 1)]));
        Assert.Equal(0, d.Count);
    }

    [Fact]
    public void Add_of_a_duplicate_key_with_a_different_value_throws_and_with_the_same_value_is_a_no_op()
    {
        var d = Create<string, int>();
        d.Add("k", 1);
        d.Add("k", 1);
        Assert.Throws<ArgumentException>(() => d.Add("k", 2));
        Assert.Equal(1, d["k"]);
        Assert.Equal(1, d.Count);
    }

    [Fact]
    public void Remove_reports_presence_and_shrinks()
    {
        var d = Create<int, int>();
        for (int i = 0; i < 100; i++)
        {
            d[i] = i * 10;
        }

        Assert.True(d.Remove(42));
        Assert.False(d.Remove(42));
        Assert.False(d.Remove(1000));
        Assert.Equal(99, d.Count);
        Assert.False(d.ContainsKey(42));
        Champ.Check(d.Publish());
    }

    [Fact]
    public void SetItems_and_RemoveRange_apply_every_entry()
    {
        var d = Create<int, string>();
        d.SetItems(Enumerable.Range(0, 1000).Select(i => new KeyValuePair<int, string>(i, $"v{i}")));
        Assert.Equal(1000, d.Count);
        d.SetItems([new(5, "five"), new(5, "FIVE")]);
        Assert.Equal("FIVE", d[5]);
        d.RemoveRange(Enumerable.Range(0, 1000).Where(i => i % 3 == 0));
        Assert.Equal(666, d.Count);
        Assert.False(d.ContainsKey(999));
        Assert.Equal("v998", d[998]);
        Champ.Check(d.Publish());
    }

    [Fact]
    public void Clear_empties_and_keeps_the_comparer()
    {
        var d = Create<string, int>(StringComparer.OrdinalIgnoreCase);
        d["A"] = 1;
        d.Clear();
        Assert.Equal(0, d.Count);
        d["a"] = 2;
        Assert.Equal(2, d["A"]);
        Assert.Same(StringComparer.OrdinalIgnoreCase, d.Publish().KeyComparer);
    }

    [Fact]
    public void Enumeration_yields_every_entry_once()
    {
        var d = Create<int, int>();
        for (int i = 0; i < 5000; i++)
        {
            d[i * 7919] = i;
        }

        var seen = d.Enumerate().ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal(5000, seen.Count);
        for (int i = 0; i < 5000; i++)
        {
            Assert.Equal(i, seen[i * 7919]);
        }
    }

    [Fact]
    public void Custom_key_comparer_is_used_for_lookup_and_replacement()
    {
        var d = Create<string, int>(StringComparer.OrdinalIgnoreCase);
        d["Key"] = 1;
        d["KEY"] = 2;
        Assert.Equal(1, d.Count);
        Assert.Equal(2, d["key"]);
        Assert.True(d.Publish().TryGetKey("kEy", out var actual));

        // A new value stores the new key object, as ImmutableDictionary's SetItem does (Dictionary<TKey, TValue> keeps the old one).
        Assert.Equal("KEY", actual);
        d["key"] = 2;
        Assert.True(d.Publish().TryGetKey("kEy", out actual));
        Assert.Equal("KEY", actual);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Colliding_hashes_keep_every_key_distinct(int strategy)
    {
        Func<int, int> hash = strategy switch
        {
            0 => HashStrategies.AllEqual,
            1 => HashStrategies.LowBitsEqual,
            _ => HashStrategies.FullCollisionGroups,
        };
        var d = Create<HashKey, int>();
        for (int i = 0; i < 64; i++)
        {
            d[new HashKey(i, hash(i))] = i;
        }

        Assert.Equal(64, d.Count);
        Champ.Check(d.Publish());
        for (int i = 0; i < 64; i += 2)
        {
            Assert.True(d.Remove(new HashKey(i, hash(i))));
            Champ.Check(d.Publish());
        }

        Assert.Equal(32, d.Count);
        for (int i = 0; i < 64; i++)
        {
            Assert.Equal(i % 2 == 1, d.TryGetValue(new HashKey(i, hash(i)), out var v) && v == i);
        }
    }

    [Fact]
    public void A_throwing_comparer_leaves_the_contents_and_published_versions_unchanged()
    {
        var comparer = new ThrowingComparer();
        var d = Create<string, int>(comparer);
        d["aa"] = 1;
        d["bb"] = 2;
        d["ccc"] = 3;
        var before = d.Publish();
        var snapshot = before.ToDictionary(kv => kv.Key, kv => kv.Value);
        comparer.Armed = true;
        Assert.Throws<InvalidOperationException>(() => d["xx"] = 9);
        Assert.Throws<InvalidOperationException>(() => d["aa"] = 9);
        Assert.Throws<InvalidOperationException>(() => d.Remove("bb"));
        Assert.Throws<InvalidOperationException>(() => d.SetItems([new("dd", 4), new("aa", 5)]));
        comparer.Armed = false;
        Assert.Equal(snapshot.OrderBy(kv => kv.Key), d.Enumerate().OrderBy(kv => kv.Key));
        Assert.Equal(snapshot.OrderBy(kv => kv.Key), before.OrderBy(kv => kv.Key));
        Assert.Equal(3, d.Count);
    }

    [Fact]
    public void Published_versions_never_change_afterwards()
    {
        var d = Create<int, int>();
        for (int i = 0; i < 300; i++)
        {
            d[i] = i;
        }

        var v1 = d.Publish();
        for (int i = 0; i < 300; i += 2)
        {
            d[i] = -i;
        }

        d.Remove(1);
        d.Remove(3);
        var v2 = d.Publish();
        Assert.Equal(300, v1.Count);
        for (int i = 0; i < 300; i++)
        {
            Assert.Equal(i, v1[i]);
        }

        Assert.Equal(298, v2.Count);
        Assert.Equal(-4, v2[4]);
        Champ.Check(v1);
        Champ.Check(v2);
    }

    /// <summary>The same operations on <paramref name="d"/> and a <see cref="Dictionary{TKey, TValue}"/>: results, exception types and parameter names.</summary>
    private static void Same<TResult>(string what, Func<TResult> expected, Func<TResult> actual)
    {
        Exception? expectedError = null;
        Exception? actualError = null;
        TResult? want = default;
        TResult? got = default;
        try
        {
            want = expected();
        }
        catch (Exception e)
        {
            expectedError = e;
        }

        try
        {
            got = actual();
        }
        catch (Exception e)
        {
            actualError = e;
        }

        Assert.True(expectedError?.GetType() == actualError?.GetType(), $"{what}: expected {expectedError?.GetType().Name ?? "no exception"}, got {actualError?.GetType().Name ?? "no exception"}");
        Assert.True((expectedError as ArgumentException)?.ParamName == (actualError as ArgumentException)?.ParamName, $"{what}: parameter {(actualError as ArgumentException)?.ParamName}, expected {(expectedError as ArgumentException)?.ParamName}");
        Assert.Equal(want, got);
    }

    [Fact]
    public void TryAdd_adds_only_absent_keys_as_Dictionary_does()
    {
        var d = Create<string, int>();
        var oracle = new Dictionary<string, int>();
        foreach (var (key, value) in new[] { ("a", 1), ("b", 2), ("a", 3), ("c", 4), ("b", 5) })
        {
            Same($"TryAdd({key})", () => oracle.TryAdd(key, value), () => d.TryAdd(key, value));
        }

        Same("TryAdd(null)", () => oracle.TryAdd(null!, 1), () => d.TryAdd(null!, 1));
        Assert.Equal(oracle.OrderBy(kv => kv.Key), d.Enumerate().OrderBy(kv => kv.Key));
        Champ.Check(d.Publish());
    }

    [Fact]
    public void GetValueOrDefault_and_TryGetKey_match_ImmutableDictionary()
    {
        var d = Create<string, int>(StringComparer.OrdinalIgnoreCase);
        var oracle = System.Collections.Immutable.ImmutableDictionary.Create<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in new[] { ("Alpha", 1), ("beta", 2), ("GAMMA", 0) })
        {
            d[key] = value;
            oracle = oracle.SetItem(key, value);
        }

        foreach (var probe in new[] { "alpha", "BETA", "gamma", "delta" })
        {
            Same($"GetValueOrDefault({probe})", () => oracle.GetValueOrDefault(probe), () => d.GetValueOrDefault(probe, 0));
            Same($"GetValueOrDefault({probe}, -1)", () => oracle.GetValueOrDefault(probe, -1), () => d.GetValueOrDefault(probe, -1));
            Same($"TryGetKey({probe})", () => (oracle.TryGetKey(probe, out var k), k), () => (d.TryGetKey(probe, out var k), k));
        }

        Same("GetValueOrDefault(null)", () => oracle.GetValueOrDefault(null!), () => d.GetValueOrDefault(null!, 0));
        Same("TryGetKey(null)", () => oracle.TryGetKey(null!, out _), () => d.TryGetKey(null!, out _));
    }

    [Fact]
    public void SetItems_and_RemoveRange_match_ImmutableDictionary_including_null_arguments()
    {
        var d = Create<int, int>();
        var oracle = System.Collections.Immutable.ImmutableDictionary<int, int>.Empty;
        var items = Enumerable.Range(0, 300).Select(i => KeyValuePair.Create(i % 200, i)).ToArray();
        d.SetItems(items);
        oracle = oracle.SetItems(items);
        d.RemoveRange(Enumerable.Range(50, 100).Append(-1));
        oracle = oracle.RemoveRange(Enumerable.Range(50, 100).Append(-1));
        Assert.Equal(oracle.OrderBy(kv => kv.Key), d.Enumerate().OrderBy(kv => kv.Key));
        Same("SetItems(null)", () => oracle.SetItems(null!).Count, () =>
        {
            d.SetItems(null!);
            return d.Count;
        });
        Same("RemoveRange(null)", () => oracle.RemoveRange(null!).Count, () =>
        {
            d.RemoveRange(null!);
            return d.Count;
        });
        Assert.Equal(oracle.Count, d.Count);
        Champ.Check(d.Publish());
    }

    [Fact]
    public void Keys_and_Values_are_read_only_views_of_the_contents()
    {
        var d = Create<string, int>();
        var oracle = new Dictionary<string, int>();
        for (int i = 0; i < 100; i++)
        {
            d["k" + i] = i;
            oracle["k" + i] = i;
        }

        Assert.Equal(oracle.Keys.Order(), d.Keys.Order());
        Assert.Equal(oracle.Values.Order(), d.Values.Order());
        Assert.Equal(d.Enumerate().Select(kv => kv.Key), d.Keys);
        Assert.Equal(d.Enumerate().Select(kv => kv.Value), d.Values);
        if (d.Keys is ICollection<string> keys)
        {
            Assert.True(keys.IsReadOnly);
            Assert.Throws<NotSupportedException>(() => keys.Add("x"));
            Assert.Throws<NotSupportedException>(() => keys.Clear());
        }

        if (d.Values is ICollection<int> values)
        {
            Assert.True(values.IsReadOnly);
            Assert.Throws<NotSupportedException>(() => values.Add(1));
            Assert.Throws<NotSupportedException>(() => values.Remove(1));
        }

        Assert.Equal(100, d.Count);
    }
}

public sealed class PersistentDictionaryConformance : DictionaryConformance
{
    protected override IDictionarySubject<TKey, TValue> Create<TKey, TValue>(IEqualityComparer<TKey>? comparer = null) =>
        new ValueSubject<TKey, TValue>(PersistentDictionary.Create<TKey, TValue>(comparer));

    private sealed class ValueSubject<TKey, TValue>(PersistentDictionary<TKey, TValue> initial) : IDictionarySubject<TKey, TValue>
        where TKey : notnull
    {
        private PersistentDictionary<TKey, TValue> _d = initial;

        public int Count => _d.Count;

        public TValue this[TKey key]
        {
            get => _d[key];
            set => _d = _d.SetItem(key, value);
        }

        public void Add(TKey key, TValue value) => _d = _d.Add(key, value);

        public bool Remove(TKey key)
        {
            var next = _d.Remove(key);
            bool removed = !ReferenceEquals(next, _d);
            _d = next;
            return removed;
        }

        public bool TryGetValue(TKey key, out TValue value) => _d.TryGetValue(key, out value!);

        public bool ContainsKey(TKey key) => _d.ContainsKey(key);

        public void SetItems(IEnumerable<KeyValuePair<TKey, TValue>> items) => _d = _d.SetItems(items);

        public void RemoveRange(IEnumerable<TKey> keys) => _d = _d.RemoveRange(keys);

        public void Clear() => _d = _d.Clear();

        public bool TryAdd(TKey key, TValue value)
        {
            var next = _d.TryAdd(key, value);
            bool added = !ReferenceEquals(next, _d);
            _d = next;
            return added;
        }

        public TValue? GetValueOrDefault(TKey key, TValue? defaultValue) => _d.GetValueOrDefault(key, defaultValue);

        public bool TryGetKey(TKey equalKey, out TKey actualKey) => _d.TryGetKey(equalKey, out actualKey);

        public IEnumerable<TKey> Keys => _d.Keys;

        public IEnumerable<TValue> Values => _d.Values;

        public PersistentDictionary<TKey, TValue> Publish() => _d;

        public IEnumerable<KeyValuePair<TKey, TValue>> Enumerate() => _d;
    }
}

public sealed class PersistentDictionaryBuilderConformance : DictionaryConformance
{
    protected override IDictionarySubject<TKey, TValue> Create<TKey, TValue>(IEqualityComparer<TKey>? comparer = null) =>
        new BuilderSubject<TKey, TValue>(PersistentDictionary.CreateBuilder<TKey, TValue>(comparer));

    private sealed class BuilderSubject<TKey, TValue>(PersistentDictionary<TKey, TValue>.Builder b) : IDictionarySubject<TKey, TValue>
        where TKey : notnull
    {
        public int Count => b.Count;

        public TValue this[TKey key]
        {
            get => b[key];
            set => b[key] = value;
        }

        public void Add(TKey key, TValue value) => b.Add(key, value);

        public bool Remove(TKey key) => b.Remove(key);

        public bool TryGetValue(TKey key, out TValue value) => b.TryGetValue(key, out value!);

        public bool ContainsKey(TKey key) => b.ContainsKey(key);

        public void SetItems(IEnumerable<KeyValuePair<TKey, TValue>> items) => b.SetItems(items);

        public void RemoveRange(IEnumerable<TKey> keys) => b.RemoveRange(keys);

        public void Clear() => b.Clear();

        public bool TryAdd(TKey key, TValue value) => b.TryAdd(key, value);

        public TValue? GetValueOrDefault(TKey key, TValue? defaultValue) => b.GetValueOrDefault(key, defaultValue);

        public bool TryGetKey(TKey equalKey, out TKey actualKey) => b.TryGetKey(equalKey, out actualKey);

        public IEnumerable<TKey> Keys => b.Keys;

        public IEnumerable<TValue> Values => b.Values;

        public PersistentDictionary<TKey, TValue> Publish() => b.ToImmutable();

        public IEnumerable<KeyValuePair<TKey, TValue>> Enumerate() => b;
    }
}

public sealed class CopyOnWriteDictionaryConformance : DictionaryConformance
{
    [Fact]
    public void AddOrUpdate_and_TryRemove_of_a_pair_match_ConcurrentDictionary()
    {
        var c = new CopyOnWriteDictionary<string, int>();
        var oracle = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        foreach (var key in new[] { "a", "b", "a", "c", "a" })
        {
            Assert.Equal(oracle.AddOrUpdate(key, 1, (_, v) => v + 10), c.AddOrUpdate(key, 1, (_, v) => v + 10));
            Assert.Equal(oracle.AddOrUpdate(key, k => k.Length, (_, v) => v * 2), c.AddOrUpdate(key, k => k.Length, (_, v) => v * 2));
            Assert.Equal(oracle.AddOrUpdate(key, (k, arg) => arg, (_, v, arg) => v - arg, 3), c.AddOrUpdate(key, (k, arg) => arg, (_, v, arg) => v - arg, 3));
        }

        Assert.Equal(oracle.OrderBy(kv => kv.Key), c.Snapshot.OrderBy(kv => kv.Key));
        foreach (var pair in new[] { KeyValuePair.Create("a", oracle["a"]), KeyValuePair.Create("b", -1), KeyValuePair.Create("z", 0), KeyValuePair.Create("b", oracle["b"]) })
        {
            long version = c.Version;
            bool removed = oracle.TryRemove(pair);
            Assert.Equal(removed, c.TryRemove(pair));
            Assert.Equal(removed, c.Version != version);
        }

        Assert.Equal(oracle.OrderBy(kv => kv.Key), c.Snapshot.OrderBy(kv => kv.Key));
        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => c.AddOrUpdate(null!, 1, (_, v) => v)).ParamName);
        Assert.Equal(
            Assert.Throws<ArgumentNullException>(() => oracle.AddOrUpdate("a", 1, null!)).ParamName,
            Assert.Throws<ArgumentNullException>(() => c.AddOrUpdate("a", 1, null!)).ParamName);
        Assert.Equal(
            Assert.Throws<ArgumentNullException>(() => oracle.AddOrUpdate("a", null!, (_, v) => v)).ParamName,
            Assert.Throws<ArgumentNullException>(() => c.AddOrUpdate("a", null!, (_, v) => v)).ParamName);
        Assert.Equal(
            Assert.Throws<ArgumentNullException>(() => oracle.TryRemove(KeyValuePair.Create<string, int>(null!, 0))).ParamName,
            Assert.Throws<ArgumentNullException>(() => c.TryRemove(KeyValuePair.Create<string, int>(null!, 0))).ParamName);
    }

    [Fact]
    public void Exchange_and_CompareExchange_publish_a_whole_snapshot()
    {
        var c = new CopyOnWriteDictionary<string, int>();
        c["a"] = 1;
        var first = c.Snapshot;
        var replacement = PersistentDictionary<string, int>.Empty.Add("x", 9).Add("y", 8);
        Assert.Same(first, c.Exchange(replacement));
        Assert.Same(replacement, c.Snapshot);
        Assert.Equal(9, c["x"]);
        Assert.False(c.ContainsKey("a"));

        // A stale comparand changes nothing and returns what is there.
        long version = c.Version;
        Assert.Same(replacement, c.CompareExchange(first, first));
        Assert.Same(replacement, c.Snapshot);
        Assert.Equal(version, c.Version);

        Assert.Same(replacement, c.CompareExchange(first, replacement));
        Assert.Same(first, c.Snapshot);
        Assert.Equal(1, c["a"]);
        Assert.Equal("snapshot", Assert.Throws<ArgumentNullException>(() => c.Exchange(null!)).ParamName);
        Assert.Equal("snapshot", Assert.Throws<ArgumentNullException>(() => c.CompareExchange(null!, first)).ParamName);
        Assert.Same(first, c.Snapshot);
    }

    protected override IDictionarySubject<TKey, TValue> Create<TKey, TValue>(IEqualityComparer<TKey>? comparer = null) =>
        new ContainerSubject<TKey, TValue>(new CopyOnWriteDictionary<TKey, TValue>(comparer));

    private sealed class ContainerSubject<TKey, TValue>(CopyOnWriteDictionary<TKey, TValue> c) : IDictionarySubject<TKey, TValue>
        where TKey : notnull
    {
        public int Count => c.Count;

        public TValue this[TKey key]
        {
            get => c[key];
            set => c[key] = value;
        }

        public void Add(TKey key, TValue value) => c.Add(key, value);

        public bool Remove(TKey key) => c.Remove(key);

        public bool TryGetValue(TKey key, out TValue value) => c.TryGetValue(key, out value!);

        public bool ContainsKey(TKey key) => c.ContainsKey(key);

        public void SetItems(IEnumerable<KeyValuePair<TKey, TValue>> items) => c.SetItems(items);

        public void RemoveRange(IEnumerable<TKey> keys) => c.RemoveRange(keys);

        public void Clear() => c.Clear();

        public bool TryAdd(TKey key, TValue value) => c.TryAdd(key, value);

        /// <summary>The container has no GetValueOrDefault or TryGetKey: callers read them through its Snapshot.</summary>
        public TValue? GetValueOrDefault(TKey key, TValue? defaultValue) => c.Snapshot.GetValueOrDefault(key, defaultValue);

        public bool TryGetKey(TKey equalKey, out TKey actualKey) => c.Snapshot.TryGetKey(equalKey, out actualKey);

        public IEnumerable<TKey> Keys => c.Keys;

        public IEnumerable<TValue> Values => c.Values;

        public PersistentDictionary<TKey, TValue> Publish() => c.Snapshot;

        public IEnumerable<KeyValuePair<TKey, TValue>> Enumerate() => c;
    }
}
