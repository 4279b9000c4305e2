using System.Collections.Immutable;

namespace CowCollections.Tests.Compatibility;

/// <summary>
/// PersistentDictionary contracts compared with ImmutableDictionary on the same inputs: the read-only
/// IDictionary key and value collections, AddRange into an empty dictionary, and which key object
/// SetItem keeps under a custom key comparer.
/// </summary>
public sealed class DictionaryContractTests
{
    private static readonly KeyValuePair<string, int>[] Pairs =
        [KeyValuePair.Create("a", 1), KeyValuePair.Create("b", 2), KeyValuePair.Create("c", 2)];

    private static Type? Thrown(Action act)
    {
        try
        {
            act();
            return null;
        }
        catch (Exception e)
        {
            return e.GetType();
        }
    }

    public static TheoryData<string> Sources => new(["dictionary", "builder"]);

    private static (IDictionary<string, int> Ours, IDictionary<string, int> Oracle) Make(string source) => source == "dictionary"
        ? (PersistentDictionary.CreateRange(Pairs), ImmutableDictionary.CreateRange(Pairs))
        : (PersistentDictionary.CreateRange(Pairs).ToBuilder(), ImmutableDictionary.CreateRange(Pairs).ToBuilder());

    private static void ReadOnlyCollectionLikeOracle<T>(ICollection<T> ours, ICollection<T> oracle, T present, T absent)
    {
        Assert.True(oracle.IsReadOnly);
        Assert.True(ours.IsReadOnly);
        Assert.Equal(oracle.Count, ours.Count);
        Assert.Equal(oracle.Order(), ours.Order());
        Assert.Equal(oracle.Contains(present), ours.Contains(present));
        Assert.Equal(oracle.Contains(absent), ours.Contains(absent));

        var copiedOracle = new T[oracle.Count + 2];
        var copiedOurs = new T[ours.Count + 2];
        oracle.CopyTo(copiedOracle, 1);
        ours.CopyTo(copiedOurs, 1);
        Assert.Equal(copiedOracle.Skip(1).Take(oracle.Count).Order(), copiedOurs.Skip(1).Take(ours.Count).Order());
        Assert.Equal(Thrown(() => oracle.CopyTo(null!, 0)), Thrown(() => ours.CopyTo(null!, 0)));

        Assert.Equal(typeof(NotSupportedException), Thrown(() => oracle.Add(absent)));
        Assert.Equal(typeof(NotSupportedException), Thrown(() => ours.Add(absent)));
        Assert.Equal(typeof(NotSupportedException), Thrown(() => oracle.Clear()));
        Assert.Equal(typeof(NotSupportedException), Thrown(() => ours.Clear()));
        Assert.Equal(typeof(NotSupportedException), Thrown(() => oracle.Remove(present)));
        Assert.Equal(typeof(NotSupportedException), Thrown(() => ours.Remove(present)));
        Assert.Equal(oracle.Count, ours.Count);
        Assert.True(ours.Contains(present));
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void IDictionaryKeys_IsAReadOnlyView_LikeImmutableDictionary(string source)
    {
        var (ours, oracle) = Make(source);
        ReadOnlyCollectionLikeOracle(ours.Keys, oracle.Keys, "a", "z");
        Assert.Equal(3, ours.Count);
        Assert.False(ours.ContainsKey("z"));
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void IDictionaryValues_IsAReadOnlyView_LikeImmutableDictionary(string source)
    {
        var (ours, oracle) = Make(source);
        ReadOnlyCollectionLikeOracle(ours.Values, oracle.Values, 2, 99);
        Assert.Equal(3, ours.Count);
    }

    [Fact]
    public void IDictionaryKeysAndValues_AreViews_NotCopies()
    {
        var builder = PersistentDictionary.CreateRange(Pairs).ToBuilder();
        IDictionary<string, int> dictionary = builder;
        var keys = dictionary.Keys;
        var values = dictionary.Values;
        Assert.IsNotType<List<string>>(keys);
        Assert.IsNotType<string[]>(keys);
        Assert.IsNotType<List<int>>(values);

        // A view over the builder sees its later changes (as Dictionary<TKey, TValue>'s key collection does).
        builder["d"] = 7;
        Assert.Equal(4, keys.Count);
        Assert.Contains("d", keys);
        Assert.Contains(7, values);

        // Values are found with the dictionary's value comparer, as ImmutableDictionary.ContainsValue does.
        var ignoreCase = PersistentDictionary.Create<int, string>(null, StringComparer.OrdinalIgnoreCase).Add(1, "X");
        var oracle = ImmutableDictionary.Create<int, string>(null, StringComparer.OrdinalIgnoreCase).Add(1, "X");
        Assert.Equal(((IDictionary<int, string>)oracle).Values.Contains("x"), ((IDictionary<int, string>)ignoreCase).Values.Contains("x"));
    }

    [Fact]
    public void EmptyAddRange_OfADictionaryWithTheSameComparers_ReturnsIt_LikeImmutableDictionary()
    {
        var ours = PersistentDictionary.CreateRange(Pairs);
        var oracle = ImmutableDictionary.CreateRange(Pairs);
        Assert.True(ReferenceEquals(oracle, ImmutableDictionary<string, int>.Empty.AddRange(oracle)));
        Assert.Same(ours, PersistentDictionary<string, int>.Empty.AddRange(ours));

        var ignoreCase = PersistentDictionary.CreateRange(StringComparer.OrdinalIgnoreCase, Pairs);
        var oracleIgnoreCase = ImmutableDictionary.CreateRange(StringComparer.OrdinalIgnoreCase, Pairs);
        Assert.True(ReferenceEquals(oracleIgnoreCase, ImmutableDictionary.Create<string, int>(StringComparer.OrdinalIgnoreCase).AddRange(oracleIgnoreCase)));
        Assert.Same(ignoreCase, PersistentDictionary.Create<string, int>(StringComparer.OrdinalIgnoreCase).AddRange(ignoreCase));
        Assert.Same(ignoreCase, ((IImmutableDictionary<string, int>)PersistentDictionary.Create<string, int>(StringComparer.OrdinalIgnoreCase)).AddRange(ignoreCase));
    }

    [Fact]
    public void EmptyAddRange_OfABuilder_ReturnsItsResult_LikeImmutableDictionary()
    {
        var builder = PersistentDictionary.CreateRange(Pairs).ToBuilder();
        builder["d"] = 4;
        var oracleBuilder = ImmutableDictionary.CreateRange(Pairs).ToBuilder();
        oracleBuilder["d"] = 4;
        Assert.True(ReferenceEquals(oracleBuilder.ToImmutable(), ImmutableDictionary<string, int>.Empty.AddRange(oracleBuilder)));
        Assert.Same(builder.ToImmutable(), PersistentDictionary<string, int>.Empty.AddRange(builder));
    }

    [Fact]
    public void EmptyAddRange_OfADictionaryWithOtherComparers_RebuildsWithTheEmptyOnes_LikeImmutableDictionary()
    {
        var ignoreCase = PersistentDictionary.CreateRange(StringComparer.OrdinalIgnoreCase, Pairs);
        var oracleIgnoreCase = ImmutableDictionary.CreateRange(StringComparer.OrdinalIgnoreCase, Pairs);
        var oracle = ImmutableDictionary<string, int>.Empty.AddRange(oracleIgnoreCase);
        var ours = PersistentDictionary<string, int>.Empty.AddRange(ignoreCase);
        Assert.Equal(ReferenceEquals(oracle, oracleIgnoreCase), ReferenceEquals(ours, ignoreCase));
        Assert.Equal(oracle.KeyComparer, ours.KeyComparer);
        Assert.Equal(oracle.OrderBy(p => p.Key), ours.OrderBy(p => p.Key));

        // Only the value comparer differs: a new dictionary with the empty one's value comparer.
        var values = PersistentDictionary.Create<string, int>(null, new ModuloComparer());
        var oracleValues = ImmutableDictionary.Create<string, int>(null, new ModuloComparer());
        var plain = PersistentDictionary.CreateRange(Pairs);
        var oraclePlain = ImmutableDictionary.CreateRange(Pairs);
        var withValues = values.AddRange(plain);
        var oracleWithValues = oracleValues.AddRange(oraclePlain);
        Assert.Equal(ReferenceEquals(oracleWithValues, oraclePlain), ReferenceEquals(withValues, plain));
        Assert.IsType<ModuloComparer>(oracleWithValues.ValueComparer);
        Assert.IsType<ModuloComparer>(withValues.ValueComparer);
    }

    [Fact]
    public void SetItem_WithAnEqualKeyAndANewValue_StoresTheNewKey_LikeImmutableDictionary()
    {
        var oracle = ImmutableDictionary.Create<string, int>(StringComparer.OrdinalIgnoreCase).SetItem("A", 1).SetItem("a", 2);
        var ours = PersistentDictionary.Create<string, int>(StringComparer.OrdinalIgnoreCase).SetItem("A", 1).SetItem("a", 2);
        Assert.Equal("a", oracle.Keys.Single());
        Assert.Equal(oracle.Keys.Single(), ours.Keys.Single());
        Assert.Equal(oracle["A"], ours["A"]);
        Assert.True(ours.TryGetKey("A", out var stored));
        Assert.Equal("a", stored);
    }

    [Fact]
    public void SetItem_WithAnEqualKeyAndAnEqualValue_KeepsTheOldKeyAndInstance_LikeImmutableDictionary()
    {
        var oracle = ImmutableDictionary.Create<string, int>(StringComparer.OrdinalIgnoreCase).SetItem("A", 1);
        var ours = PersistentDictionary.Create<string, int>(StringComparer.OrdinalIgnoreCase).SetItem("A", 1);
        var oracleAfter = oracle.SetItem("a", 1);
        var oursAfter = ours.SetItem("a", 1);
        Assert.Equal(ReferenceEquals(oracle, oracleAfter), ReferenceEquals(ours, oursAfter));
        Assert.Equal(oracleAfter.Keys.Single(), oursAfter.Keys.Single());
    }

    [Fact]
    public void BuilderIndexerAndSetItems_StoreTheNewKeyWhenTheValueChanges_LikeImmutableDictionaryBuilder()
    {
        var oracle = ImmutableDictionary.Create<string, int>(StringComparer.OrdinalIgnoreCase).SetItem("A", 1).ToBuilder();
        var ours = PersistentDictionary.Create<string, int>(StringComparer.OrdinalIgnoreCase).SetItem("A", 1).ToBuilder();
        oracle["a"] = 1;
        ours["a"] = 1;
        Assert.Equal(oracle.Keys.Single(), ours.Keys.Single());
        oracle["a"] = 2;
        ours["a"] = 2;
        Assert.Equal("a", oracle.Keys.Single());
        Assert.Equal(oracle.Keys.Single(), ours.Keys.Single());

        var oracleSetItems = ImmutableDictionary.Create<string, int>(StringComparer.OrdinalIgnoreCase).SetItem("B", 1)
            .SetItems([KeyValuePair.Create("b", 5)]);
        var oursSetItems = PersistentDictionary.Create<string, int>(StringComparer.OrdinalIgnoreCase).SetItem("B", 1)
            .SetItems([KeyValuePair.Create("b", 5)]);
        Assert.Equal(oracleSetItems.Keys.Single(), oursSetItems.Keys.Single());
    }

    [Fact]
    public void SetItems_OfALargeBatchIntoAnEmptyDictionary_StoresTheLastKeyWhoseValueChanged_LikeImmutableDictionary()
    {
        // Large enough for the one-pass bulk build of an empty dictionary.
        var batch = Enumerable.Range(0, 100).Select(i => KeyValuePair.Create("k" + i, i))
            .Append(KeyValuePair.Create("K5", 500))
            .Append(KeyValuePair.Create("K6", 6))
            .ToArray();
        var oracle = ImmutableDictionary.Create<string, int>(StringComparer.OrdinalIgnoreCase).SetItems(batch);
        var ours = PersistentDictionary.Create<string, int>(StringComparer.OrdinalIgnoreCase).SetItems(batch);
        Assert.Equal(oracle.Keys.Order(StringComparer.Ordinal), ours.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(oracle.Values.Order(), ours.Values.Order());
    }

    [Fact]
    public void CopyOnWriteDictionary_SetItemAndIndexer_StoreTheNewKeyWhenTheValueChanges_LikeImmutableDictionary()
    {
        var oracle = ImmutableDictionary.Create<string, int>(StringComparer.OrdinalIgnoreCase).SetItem("A", 1).SetItem("a", 2).SetItem("B", 3).SetItem("b", 4);
        var ours = new CopyOnWriteDictionary<string, int>(PersistentDictionary.Create<string, int>(StringComparer.OrdinalIgnoreCase));
        ours.SetItem("A", 1);
        ours.SetItem("a", 2);
        ours["B"] = 3;
        ours["b"] = 4;
        Assert.Equal(oracle.Keys.Order(StringComparer.Ordinal), ours.Keys.Order(StringComparer.Ordinal));
    }

    private sealed class ModuloComparer : IEqualityComparer<int>
    {
        public bool Equals(int x, int y) => x % 10 == y % 10;

        public int GetHashCode(int obj) => obj % 10;
    }
}
