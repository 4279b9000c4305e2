using System.Collections;
using System.Collections.Immutable;

namespace CowCollections.Tests.Compatibility;

/// <summary>
/// The explicit non-generic interfaces of the builders and of PersistentDictionary, run call by call against
/// ImmutableList/ImmutableDictionary and their builders (flags, valid arguments), against List, Dictionary and T[]
/// (arguments of another type, which SCI answers with an InvalidCastException), and the ToPersistentDictionary
/// overloads against ToImmutableDictionary.
/// </summary>
public sealed class NonGenericAndConversionTests
{
    /// <summary>What a call did: its result, or the exception's type and parameter name.</summary>
    private readonly record struct Outcome(object? Result, Type? Thrown, string? ParamName);

    private static Outcome Run(Func<object?> call)
    {
        try
        {
            return new Outcome(call(), null, null);
        }
        catch (Exception e)
        {
            return new Outcome(null, e.GetType(), (e as ArgumentException)?.ParamName);
        }
    }

    private static Outcome Run(Action call) => Run(() =>
    {
        call();
        return null;
    });

    private static List<object?> Items(IEnumerable items) => items.Cast<object?>().ToList();

    public static TheoryData<object?> ListArguments => new([2, 99, "x", 2L, null]);

    // ---- PersistentList<T>.Builder ----

    [Fact]
    public void ListBuilder_flags_match_ImmutableListBuilder()
    {
        IList ours = PersistentList.Create(1, 2, 3).ToBuilder();
        IList oracle = ImmutableList.Create(1, 2, 3).ToBuilder();
        Assert.Equal(oracle.IsFixedSize, ours.IsFixedSize);
        Assert.Equal(oracle.IsReadOnly, ours.IsReadOnly);
        Assert.Equal(oracle.IsSynchronized, ours.IsSynchronized);
        Assert.NotNull(ours.SyncRoot);
        Assert.Same(ours.SyncRoot, ours.SyncRoot);
        Assert.Equal(ReferenceEquals(oracle.SyncRoot, oracle), ReferenceEquals(ours.SyncRoot, ours));
        Assert.Equal(oracle.Count, ours.Count);
        Assert.Equal(oracle[1], ours[1]);
        Assert.Equal(Run(() => oracle[3]).Thrown, Run(() => ours[3]).Thrown);
    }

    [Fact]
    public void ListBuilder_valid_object_calls_match_ImmutableListBuilder()
    {
        IList ours = PersistentList.Create(1, 2, 3).ToBuilder();
        IList oracle = ImmutableList.Create(1, 2, 3).ToBuilder();
        var calls = new Func<IList, object?>[]
        {
            l => l.Add(4),
            l => l.Contains(4),
            l => l.IndexOf(3),
            l => { l.Insert(0, 7); return null; },
            l => { l.Remove(2); return null; },
            l => { l[1] = 8; return null; },
            l => { l.RemoveAt(0); return null; },
            l => { l.Insert(9, 1); return null; },
        };
        foreach (var call in calls)
        {
            Assert.Equal(Run(() => call(oracle)), Run(() => call(ours)));
            Assert.Equal(Items(oracle), Items(ours));
        }

        ours.Clear();
        oracle.Clear();
        Assert.Empty(Items(ours));
    }

    [Theory]
    [MemberData(nameof(ListArguments))]
    public void ListBuilder_object_arguments_are_checked_as_ListOfT(object? value)
    {
        var calls = new Func<IList, object?>[]
        {
            l => l.Add(value),
            l => l.Contains(value),
            l => l.IndexOf(value),
            l => { l.Insert(1, value); return null; },
            l => { l.Remove(value); return null; },
            l => { l[0] = value; return null; },
        };
        foreach (var call in calls)
        {
            IList ours = PersistentList.Create(1, 2, 3).ToBuilder();
            IList oracle = new List<int> { 1, 2, 3 };
            Assert.Equal(Run(() => call(oracle)), Run(() => call(ours)));
            Assert.Equal(Items(oracle), Items(ours));
        }
    }

    [Theory]
    [InlineData("b")]
    [InlineData(null)]
    [InlineData(3)]
    public void ListBuilder_of_a_nullable_type_takes_null_as_ListOfT(object? value)
    {
        IList ours = PersistentList.Create<string?>("a", "b").ToBuilder();
        IList oracle = new List<string?> { "a", "b" };
        Assert.Equal(Run(() => oracle.Add(value)), Run(() => ours.Add(value)));
        Assert.Equal(Run(() => oracle.IndexOf(value)), Run(() => ours.IndexOf(value)));
        Assert.Equal(Run(() => oracle.Contains(value)), Run(() => ours.Contains(value)));
        Assert.Equal(Items(oracle), Items(ours));
    }

    public static TheoryData<string> CopyTargets => new(["int[]", "object[]", "long[]", "string[]", "int[,]", "short", "offset", "negative", "null"]);

    private static (Array? Array, int Index) CopyTarget(string kind) => kind switch
    {
        "int[]" => (new int[5], 1),
        "object[]" => (new object[4], 0),
        "long[]" => (new long[3], 0),
        "string[]" => (new string[3], 0),
        "int[,]" => (new int[3, 3], 0),
        "short" => (new int[2], 0),
        "offset" => (new int[3], 1),
        "negative" => (new int[3], -1),
        _ => (null, 0),
    };

    [Theory]
    [MemberData(nameof(CopyTargets))]
    public void ListBuilder_CopyTo_array_throws_as_ListOfT(string kind)
    {
        ICollection ours = PersistentList.Create(1, 2, 3).ToBuilder();
        ICollection oracle = new List<int> { 1, 2, 3 };
        var (ourArray, index) = CopyTarget(kind);
        var (oracleArray, _) = CopyTarget(kind);
        var expected = Run(() => oracle.CopyTo(oracleArray!, index));
        var actual = Run(() => ours.CopyTo(ourArray!, index));
        Assert.Equal(expected.Thrown, actual.Thrown);
        if (expected.Thrown is null)
        {
            Assert.Equal(Items(oracleArray!), Items(ourArray!));
        }
    }

    // ---- PersistentArray<T>.Builder ----

    [Fact]
    public void ArrayBuilder_is_a_fixed_size_IList_as_an_array()
    {
        IList ours = PersistentArray.Create<int>([1, 2, 3]).ToBuilder();
        IList oracle = new[] { 1, 2, 3 };
        Assert.True(ours.IsFixedSize);
        Assert.Equal(oracle.IsFixedSize, ours.IsFixedSize);
        Assert.Equal(oracle.IsReadOnly, ours.IsReadOnly);
        Assert.Equal(oracle.IsSynchronized, ours.IsSynchronized);
        Assert.NotNull(ours.SyncRoot);
        Assert.Same(ours.SyncRoot, ours.SyncRoot);
        Assert.Equal(oracle.Count, ours.Count);
        var calls = new Func<IList, object?>[]
        {
            l => l.Add(4),
            l => { l.Insert(0, 4); return null; },
            l => { l.Remove(2); return null; },
            l => { l.RemoveAt(0); return null; },
            l => l.Contains(2),
            l => l.IndexOf(3),
            l => l[2],
            l => { l[1] = 9; return null; },
            l => l.Contains("x"),
            l => l.IndexOf(null),
        };
        foreach (var call in calls)
        {
            var expected = Run(() => call(oracle));
            var actual = Run(() => call(ours));
            Assert.Equal(expected.Result, actual.Result);
            Assert.Equal(expected.Thrown, actual.Thrown);
            Assert.Equal(Items(oracle), Items(ours));
        }

        Assert.Equal(typeof(NotSupportedException), Run(() => ours.Add(4)).Thrown);

        // Outside the array: ArgumentOutOfRangeException as List<T> and the SCI builders (a T[] throws IndexOutOfRangeException).
        IList list = new List<int> { 1, 2, 3 };
        Assert.Equal(Run(() => list[3]), Run(() => ours[3]));
        Assert.Equal(Run(() => list[-1] = 1), Run(() => ours[-1] = 1));
        oracle.Clear();
        ours.Clear();
        Assert.Equal(Items(oracle), Items(ours));
        Assert.Equal(3, ours.Count);
    }

    [Theory]
    [InlineData("x")]
    [InlineData(null)]
    [InlineData(2L)]
    public void ArrayBuilder_set_of_another_type_throws_as_ListOfT(object? value)
    {
        IList ours = PersistentArray.Create<int>([1, 2, 3]).ToBuilder();
        IList oracle = new List<int> { 1, 2, 3 };
        Assert.Equal(Run(() => oracle[0] = value), Run(() => ours[0] = value));
        Assert.Equal(Items(oracle), Items(ours));
    }

    [Theory]
    [MemberData(nameof(CopyTargets))]
    public void ArrayBuilder_CopyTo_array_throws_as_ListOfT(string kind)
    {
        ICollection ours = PersistentArray.Create<int>([1, 2, 3]).ToBuilder();
        ICollection oracle = new List<int> { 1, 2, 3 };
        var (ourArray, index) = CopyTarget(kind);
        var (oracleArray, _) = CopyTarget(kind);
        var expected = Run(() => oracle.CopyTo(oracleArray!, index));
        var actual = Run(() => ours.CopyTo(ourArray!, index));
        Assert.Equal(expected.Thrown, actual.Thrown);
        if (expected.Thrown is null)
        {
            Assert.Equal(Items(oracleArray!), Items(ourArray!));
        }
    }

    // ---- PersistentDictionary<TKey, TValue> and its Builder ----

    private static readonly KeyValuePair<string, int>[] Pairs =
        [KeyValuePair.Create("a", 1), KeyValuePair.Create("b", 2), KeyValuePair.Create("c", 3)];

    private static List<string> Entries(IDictionary dictionary)
    {
        var result = new List<string>();
        var e = dictionary.GetEnumerator();
        while (e.MoveNext())
        {
            Assert.Equal(e.Entry, (DictionaryEntry)e.Current);
            Assert.Equal(e.Key, e.Entry.Key);
            Assert.Equal(e.Value, e.Entry.Value);
            result.Add($"{e.Key}={e.Value}");
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }

    [Fact]
    public void DictionaryBuilder_flags_and_views_match_ImmutableDictionaryBuilder()
    {
        IDictionary ours = PersistentDictionary.CreateRange(Pairs).ToBuilder();
        IDictionary oracle = ImmutableDictionary.CreateRange(Pairs).ToBuilder();
        Assert.Equal(oracle.IsFixedSize, ours.IsFixedSize);
        Assert.Equal(oracle.IsReadOnly, ours.IsReadOnly);
        Assert.Equal(oracle.IsSynchronized, ours.IsSynchronized);
        Assert.NotNull(ours.SyncRoot);
        Assert.Same(ours.SyncRoot, ours.SyncRoot);
        Assert.Equal(ReferenceEquals(oracle.SyncRoot, oracle), ReferenceEquals(ours.SyncRoot, ours));
        Assert.Equal(oracle.Count, ours.Count);
        Assert.Equal(Items(oracle.Keys).Order(), Items(ours.Keys).Order());
        Assert.Equal(Items(oracle.Values).Order(), Items(ours.Values).Order());
        Assert.Equal(Entries(oracle), Entries(ours));
        Assert.Equal(oracle["b"], ours["b"]);
        Assert.Equal(oracle.Contains("z"), ours.Contains("z"));
        ours.Add("d", 4);
        oracle.Add("d", 4);
        ours["a"] = 10;
        oracle["a"] = 10;
        ours.Remove("b");
        oracle.Remove("b");
        Assert.Equal(Run(() => oracle.Add("a", 11)).Thrown, Run(() => ours.Add("a", 11)).Thrown);
        Assert.Equal(Entries(oracle), Entries(ours));
        ours.Clear();
        oracle.Clear();
        Assert.Empty(ours);
    }

    public static TheoryData<object?, object?> DictionaryArguments => new()
    {
        { "a", 5 }, { "z", 5 }, { "a", 1 }, { 5, 5 }, { "z", "x" }, { 5, "x" }, { null, 5 }, { "z", null }, { 5, null }, { null, null },
    };

    [Theory]
    [MemberData(nameof(DictionaryArguments))]
    public void DictionaryBuilder_object_arguments_are_checked_as_Dictionary(object? key, object? value)
    {
        // Keys and values of the right types behave as ImmutableDictionary's builder (Add of a present entry with
        // the same value is a no-op, an absent key's get throws KeyNotFoundException); other arguments as Dictionary.
        var calls = new (Func<IDictionary, object?> Call, bool UsesValue)[]
        {
            (d => { d.Add(key!, value); return null; }, true),
            (d => { d[key!] = value; return null; }, true),
            (d => d[key!], false),
            (d => d.Contains(key!), false),
            (d => { d.Remove(key!); return null; }, false),
        };
        foreach (var (call, usesValue) in calls)
        {
            IDictionary ours = PersistentDictionary.CreateRange(Pairs).ToBuilder();
            IDictionary oracle = key is string && (value is int || !usesValue)
                ? ImmutableDictionary.CreateRange(Pairs).ToBuilder()
                : new Dictionary<string, int>(Pairs);
            Assert.Equal(Run(() => call(oracle)), Run(() => call(ours)));
            Assert.Equal(Entries(oracle), Entries(ours));
        }
    }

    [Theory]
    [InlineData("dictionary")]
    [InlineData("builder")]
    public void Dictionary_CopyTo_writes_DictionaryEntries_as_ImmutableDictionary(string source)
    {
        var (ours, oracle) = source == "dictionary"
            ? ((ICollection)PersistentDictionary.CreateRange(Pairs), (ICollection)ImmutableDictionary.CreateRange(Pairs))
            : (PersistentDictionary.CreateRange(Pairs).ToBuilder(), ImmutableDictionary.CreateRange(Pairs).ToBuilder());
        foreach (var make in new Func<Array>[] { () => new DictionaryEntry[4], () => new object[5] })
        {
            Array ourArray = make(), oracleArray = make();
            ours.CopyTo(ourArray, 1);
            oracle.CopyTo(oracleArray, 1);
            Assert.Equal(Items(oracleArray).Select(e => e?.ToString()).Order(), Items(ourArray).Select(e => e?.ToString()).Order());
            Assert.Equal(Items(oracleArray).Where(e => e is DictionaryEntry).Count(), Items(ourArray).Where(e => e is DictionaryEntry).Count());
        }

        Assert.Equal(typeof(ArgumentNullException), Run(() => ours.CopyTo(null!, 0)).Thrown);
        Assert.Equal("array", Run(() => ours.CopyTo(null!, 0)).ParamName);
    }

    [Theory]
    [InlineData("kvp")]
    [InlineData("string[]")]
    [InlineData("int[]")]
    [InlineData("rank")]
    [InlineData("short")]
    public void Dictionary_CopyTo_other_arrays_as_Dictionary(string kind)
    {
        Array Make() => kind switch
        {
            "kvp" => new KeyValuePair<string, int>[3],
            "string[]" => new string[3],
            "int[]" => new int[3],
            "rank" => new object[3, 3],
            _ => new KeyValuePair<string, int>[2],
        };
        ICollection oracle = new Dictionary<string, int>(Pairs);
        foreach (var ours in new ICollection[] { PersistentDictionary.CreateRange(Pairs), PersistentDictionary.CreateRange(Pairs).ToBuilder() })
        {
            Array ourArray = Make(), oracleArray = Make();
            var expected = Run(() => oracle.CopyTo(oracleArray, 0));
            Assert.Equal(expected.Thrown, Run(() => ours.CopyTo(ourArray, 0)).Thrown);
            if (expected.Thrown is null)
            {
                Assert.Equal(Items(oracleArray).Select(e => e?.ToString()).Order(), Items(ourArray).Select(e => e?.ToString()).Order());
            }
        }
    }

    [Fact]
    public void Dictionary_is_a_read_only_IDictionary_as_ImmutableDictionary()
    {
        IDictionary ours = PersistentDictionary.CreateRange(Pairs);
        IDictionary oracle = ImmutableDictionary.CreateRange(Pairs);
        Assert.Equal(oracle.IsFixedSize, ours.IsFixedSize);
        Assert.Equal(oracle.IsReadOnly, ours.IsReadOnly);
        Assert.Equal(oracle.IsSynchronized, ours.IsSynchronized);
        Assert.Equal(ReferenceEquals(oracle.SyncRoot, oracle), ReferenceEquals(ours.SyncRoot, ours));
        Assert.Equal(Items(oracle.Keys).Order(), Items(ours.Keys).Order());
        Assert.Equal(Items(oracle.Values).Order(), Items(ours.Values).Order());
        Assert.Equal(Entries(oracle), Entries(ours));
        var calls = new Func<IDictionary, object?>[]
        {
            d => { d.Add("z", 1); return null; },
            d => { d["a"] = 2; return null; },
            d => { d.Remove("a"); return null; },
            d => { d.Clear(); return null; },
            d => d["a"],
            d => d["z"],
            d => d.Contains("b"),
            d => d.Contains("z"),
        };
        foreach (var call in calls)
        {
            Assert.Equal(Run(() => call(oracle)), Run(() => call(ours)));
        }

        // Another key type finds nothing, as in Dictionary (ImmutableDictionary throws InvalidCastException).
        IDictionary dictionary = new Dictionary<string, int>(Pairs);
        Assert.Equal(Run(() => dictionary.Contains(5)), Run(() => ours.Contains(5)));
        Assert.Equal(Run(() => dictionary[5]), Run(() => ours[5]));
        Assert.Equal(Run(() => dictionary[null!]), Run(() => ours[null!]));
        Assert.Equal(Entries(oracle), Entries(ours));
    }

    // ---- ToPersistentDictionary ----

    private static readonly string NoKey = null!;

    private static void SameEntries<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> expected, PersistentDictionary<TKey, TValue> actual)
        where TKey : notnull
    {
        Assert.Equal(expected.Count, actual.Count);
        foreach (var entry in expected)
        {
            Assert.True(actual.TryGetValue(entry.Key, out var value));
            Assert.Equal(entry.Value, value);
        }
    }

    [Fact]
    public void ToPersistentDictionary_overloads_match_ToImmutableDictionary()
    {
        var pairs = Enumerable.Range(0, 100).Select(i => KeyValuePair.Create($"k{i}", i)).ToList();
        var keys = StringComparer.OrdinalIgnoreCase;
        var values = EqualityComparer<int>.Create((x, y) => x % 10 == y % 10, x => x % 10);

        SameEntries(pairs.ToImmutableDictionary(), pairs.ToPersistentDictionary());
        var byKey = pairs.ToPersistentDictionary(keys);
        SameEntries(pairs.ToImmutableDictionary(keys), byKey);
        Assert.Same(keys, byKey.KeyComparer);
        var byBoth = pairs.ToPersistentDictionary(keys, values);
        SameEntries(pairs.ToImmutableDictionary(keys, values), byBoth);
        Assert.Same(keys, byBoth.KeyComparer);
        Assert.Same(values, byBoth.ValueComparer);

        var numbers = Enumerable.Range(0, 100).ToList();
        SameEntries(numbers.ToImmutableDictionary(n => $"n{n}"), numbers.ToPersistentDictionary(n => $"n{n}"));
        var selected = numbers.ToPersistentDictionary(n => $"n{n}", keys);
        SameEntries(numbers.ToImmutableDictionary(n => $"n{n}", keys), selected);
        Assert.Same(keys, selected.KeyComparer);
        Assert.True(selected.ContainsKey("N7"));

        SameEntries(numbers.ToImmutableDictionary(n => $"n{n}", n => n * 2, keys), numbers.ToPersistentDictionary(n => $"n{n}", n => n * 2, keys));
        var full = numbers.ToPersistentDictionary(n => $"n{n}", n => n * 2, keys, values);
        SameEntries(numbers.ToImmutableDictionary(n => $"n{n}", n => n * 2, keys, values), full);
        Assert.Same(values, full.ValueComparer);
        Assert.Same(keys, full.KeyComparer);

        var builder = PersistentDictionary.CreateRange(pairs).ToBuilder();
        builder["extra"] = -1;
        Assert.Same(builder.ToImmutable(), builder.ToPersistentDictionary());
        SameEntries(ImmutableDictionary.CreateRange(pairs).SetItem("extra", -1), builder.ToPersistentDictionary());
    }

    [Fact]
    public void ToPersistentDictionary_later_duplicate_wins_where_ToImmutableDictionary_throws()
    {
        var pairs = new[] { KeyValuePair.Create("a", 1), KeyValuePair.Create("A", 2), KeyValuePair.Create("b", 3) };
        var keys = StringComparer.OrdinalIgnoreCase;
        Assert.Throws<ArgumentException>(() => pairs.ToImmutableDictionary(keys));

        var ours = pairs.ToPersistentDictionary(keys);
        Assert.Equal(2, ours.Count);
        Assert.Equal(2, ours["a"]);
        Assert.Equal(2, pairs.ToPersistentDictionary(keys, null)["A"]);
        Assert.Equal(3, pairs.ToPersistentDictionary()["b"]);
        Assert.Equal(3, pairs.ToPersistentDictionary().Count);
        Assert.Equal(2, pairs.ToPersistentDictionary(p => p.Key, p => p.Value, keys)["a"]);
        Assert.Equal(2, pairs.ToPersistentDictionary(p => p.Key, p => p.Value, keys, null)["a"]);
        Assert.Equal(KeyValuePair.Create("A", 2), pairs.ToPersistentDictionary(p => p.Key, keys)["a"]);
        Assert.Equal(2, pairs.ToPersistentDictionary(p => p.Key.ToLowerInvariant(), p => p.Value)["a"]);
    }

    [Fact]
    public void ToPersistentDictionary_null_arguments_name_the_parameters_of_ToImmutableDictionary()
    {
        IEnumerable<KeyValuePair<string, int>> noPairs = null!;
        IEnumerable<int> noNumbers = null!;
        int[] numbers = [1, 2];
        Func<int, string> key = n => $"{n}";
        var keys = StringComparer.Ordinal;
        var checks = new (Action Ours, Action Oracle)[]
        {
            (() => noPairs.ToPersistentDictionary(), () => noPairs.ToImmutableDictionary()),
            (() => noPairs.ToPersistentDictionary(keys), () => noPairs.ToImmutableDictionary(keys)),
            (() => noPairs.ToPersistentDictionary(keys, null), () => noPairs.ToImmutableDictionary(keys, null)),
            (() => noNumbers.ToPersistentDictionary(key), () => noNumbers.ToImmutableDictionary(key)),
            (() => numbers.ToPersistentDictionary((Func<int, string>)null!), () => numbers.ToImmutableDictionary((Func<int, string>)null!)),
            (() => numbers.ToPersistentDictionary((Func<int, string>)null!, keys), () => numbers.ToImmutableDictionary((Func<int, string>)null!, keys)),
            (() => numbers.ToPersistentDictionary(key, (Func<int, int>)null!, keys), () => numbers.ToImmutableDictionary(key, (Func<int, int>)null!, keys)),
            (() => numbers.ToPersistentDictionary((Func<int, string>)null!, n => n, keys, null), () => numbers.ToImmutableDictionary((Func<int, string>)null!, n => n, keys, null)),
            (() => numbers.ToPersistentDictionary(n => NoKey, n => n), () => numbers.ToImmutableDictionary(n => NoKey, n => n)),
            (() => ((PersistentDictionary<string, int>.Builder)null!).ToPersistentDictionary(), () => ((ImmutableDictionary<string, int>.Builder)null!).ToImmutableDictionary()),
        };
        foreach (var (ours, oracle) in checks)
        {
            Assert.Equal(Run(oracle), Run(ours));
        }
    }

    [Fact]
    public void ToPersistentDictionary_overloads_mirror_ToImmutableDictionary_signatures()
    {
        static List<string> Shapes(Type type, string name) => type.GetMethods()
            .Where(m => m.Name == name)
            .Select(m => string.Join(",", m.GetParameters().Select(p => p.Name)) + (m.GetParameters()[0].ParameterType.Name.StartsWith("Builder", StringComparison.Ordinal) ? ":builder" : ""))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(Shapes(typeof(ImmutableDictionary), nameof(ImmutableDictionary.ToImmutableDictionary)), Shapes(typeof(PersistentDictionary), nameof(PersistentDictionary.ToPersistentDictionary)));
    }
}
