using System.Collections.Immutable;

namespace CowCollections.Tests.Compatibility;

/// <summary>WithComparers and the builder's settable comparers, compared with ImmutableDictionary on the same inputs.</summary>
public class SciComparerChangeTests
{
    private static readonly KeyValuePair<string, int>[] Distinct = [new("a", 1), new("b", 2), new("C", 3)];
    private static readonly KeyValuePair<string, int>[] CollidingSame = [new("a", 1), new("A", 1), new("b", 2)];
    private static readonly KeyValuePair<string, int>[] CollidingDifferent = [new("a", 1), new("A", 2), new("b", 2)];

    private static string Describe<T>(Func<T> call, Func<T, IEnumerable<KeyValuePair<string, int>>> entries)
    {
        try
        {
            var result = entries(call());
            return string.Join(",", result.Select(e => e.Key.ToUpperInvariant() + "=" + e.Value).Order(StringComparer.Ordinal));
        }
        catch (Exception e)
        {
            return e.GetType().Name;
        }
    }

    [Fact]
    public void WithComparers_returns_the_same_instance_for_equal_comparers_as_SCI()
    {
        var cow = PersistentDictionary.CreateRange(StringComparer.Ordinal, Distinct);
        var sci = ImmutableDictionary.CreateRange(StringComparer.Ordinal, Distinct);
        Assert.Equal(ReferenceEquals(sci, sci.WithComparers(StringComparer.Ordinal)), ReferenceEquals(cow, cow.WithComparers(StringComparer.Ordinal)));
        Assert.Equal(
            ReferenceEquals(sci, sci.WithComparers(StringComparer.Ordinal, EqualityComparer<int>.Default)),
            ReferenceEquals(cow, cow.WithComparers(StringComparer.Ordinal, EqualityComparer<int>.Default)));
        var defaults = PersistentDictionary.CreateRange(Distinct);
        Assert.Same(defaults, defaults.WithComparers(null, null));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void WithComparers_to_a_coarser_key_comparer_answers_as_SCI(int input)
    {
        var entries = new[] { Distinct, CollidingSame, CollidingDifferent }[input];
        var cow = PersistentDictionary.CreateRange(StringComparer.Ordinal, entries);
        var sci = ImmutableDictionary.CreateRange(StringComparer.Ordinal, entries);
        Assert.Equal(
            Describe(() => sci.WithComparers(StringComparer.OrdinalIgnoreCase), d => d),
            Describe(() => cow.WithComparers(StringComparer.OrdinalIgnoreCase), d => d));
        Assert.Equal(
            Describe(() => sci.WithComparers(StringComparer.OrdinalIgnoreCase, EqualityComparer<int>.Default), d => d),
            Describe(() => cow.WithComparers(StringComparer.OrdinalIgnoreCase, EqualityComparer<int>.Default), d => d));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Setting_the_builder_key_comparer_answers_as_SCI(int input)
    {
        var entries = new[] { Distinct, CollidingSame, CollidingDifferent }[input];
        var cow = PersistentDictionary.CreateRange(StringComparer.Ordinal, entries).ToBuilder();
        var sci = ImmutableDictionary.CreateRange(StringComparer.Ordinal, entries).ToBuilder();
        string expected = Describe(() => { sci.KeyComparer = StringComparer.OrdinalIgnoreCase; return sci; }, b => b);
        string actual = Describe(() => { cow.KeyComparer = StringComparer.OrdinalIgnoreCase; return cow; }, b => b);
        Assert.Equal(expected, actual);
        Assert.Same(sci.KeyComparer, cow.KeyComparer);
        Assert.Equal(sci.Count, cow.Count);
        Assert.Equal(sci.ContainsKey("A"), cow.ContainsKey("A"));
        Assert.Equal(Describe(() => sci.ToImmutable(), d => d), Describe(() => cow.ToImmutable(), d => d));
        Assert.Same(cow.KeyComparer, cow.ToImmutable().KeyComparer);
    }

    [Fact]
    public void Setting_the_builder_comparers_keeps_published_versions_and_checks_null_as_SCI()
    {
        var original = PersistentDictionary.CreateRange(StringComparer.Ordinal, Distinct);
        var builder = original.ToBuilder();
        builder.KeyComparer = StringComparer.OrdinalIgnoreCase;
        builder["A"] = 10;
        Assert.Equal(1, original["a"]);
        Assert.False(original.ContainsKey("A"));
        Assert.Equal(10, builder["a"]);
        Assert.Equal(3, builder.Count);

        var sci = ImmutableDictionary.CreateRange(StringComparer.Ordinal, Distinct).ToBuilder();
        Assert.Equal(
            Assert.Throws<ArgumentNullException>(() => sci.KeyComparer = null!).ParamName,
            Assert.Throws<ArgumentNullException>(() => builder.KeyComparer = null!).ParamName);
        Assert.Equal(
            Assert.Throws<ArgumentNullException>(() => sci.ValueComparer = null!).ParamName,
            Assert.Throws<ArgumentNullException>(() => builder.ValueComparer = null!).ParamName);
    }

    [Fact]
    public void Setting_the_builder_value_comparer_changes_value_comparisons_as_SCI()
    {
        var parity = EqualityComparer<int>.Create((x, y) => x % 2 == y % 2, x => x % 2);
        var cow = PersistentDictionary.CreateRange(Distinct).ToBuilder();
        var sci = ImmutableDictionary.CreateRange(Distinct).ToBuilder();
        cow.ValueComparer = parity;
        sci.ValueComparer = parity;
        Assert.Same(parity, cow.ValueComparer);
        Assert.Equal(sci.ContainsValue(5), cow.ContainsValue(5));
        Assert.Equal(Describe(() => { sci.Add("a", 3); return sci; }, b => b), Describe(() => { cow.Add("a", 3); return cow; }, b => b));
        Assert.Equal(Describe(() => { sci.Add("a", 2); return sci; }, b => b), Describe(() => { cow.Add("a", 2); return cow; }, b => b));
        Assert.Same(parity, cow.ToImmutable().ValueComparer);
        Assert.Equal(sci.ToImmutable().ValueComparer, cow.ToImmutable().ValueComparer);
    }

    [Fact]
    public void Setting_the_key_comparer_invalidates_enumerators_and_a_failed_change_leaves_the_builder_unchanged()
    {
        var builder = PersistentDictionary.CreateRange(StringComparer.Ordinal, CollidingDifferent).ToBuilder();
        Assert.Throws<ArgumentException>(() => builder.KeyComparer = StringComparer.OrdinalIgnoreCase);
        Assert.Same(StringComparer.Ordinal, builder.KeyComparer);
        Assert.Equal(3, builder.Count);

        var other = PersistentDictionary.CreateRange(StringComparer.Ordinal, Distinct).ToBuilder();
        var enumerator = other.GetEnumerator();
        Assert.True(enumerator.MoveNext());
        other.KeyComparer = StringComparer.OrdinalIgnoreCase;
        Assert.Throws<InvalidOperationException>(() => enumerator.MoveNext());
    }
}
