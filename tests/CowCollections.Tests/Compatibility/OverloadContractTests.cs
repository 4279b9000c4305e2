using System.Collections.Immutable;

namespace CowCollections.Tests.Compatibility;

/// <summary>
/// Calls that compile against System.Collections.Immutable compile against CowCollections too, and behave the
/// same: named arguments of ToPersistentDictionary and a null passed to the list builder's AddRange.
/// </summary>
public sealed class OverloadContractTests
{
    [Fact]
    public void ToPersistentDictionary_AcceptsTheArgumentNamesOfToImmutableDictionary()
    {
        var source = new[] { "one", "three", "five" };
        var oracle = source.ToImmutableDictionary(keySelector: s => s.Length, elementSelector: s => s[0]);
        var ours = source.ToPersistentDictionary(keySelector: s => s.Length, elementSelector: s => s[0]);
        Assert.Equal(oracle.OrderBy(p => p.Key), ours.OrderBy(p => p.Key));

        var oracleNull = Assert.Throws<ArgumentNullException>(() => source.ToImmutableDictionary(s => s.Length, elementSelector: (Func<string, char>)null!));
        var oursNull = Assert.Throws<ArgumentNullException>(() => source.ToPersistentDictionary(s => s.Length, elementSelector: (Func<string, char>)null!));
        Assert.Equal(oracleNull.ParamName, oursNull.ParamName);
    }

    [Fact]
    public void ListBuilderAddRange_OfNull_CompilesAndThrowsArgumentNull_LikeImmutableListBuilder()
    {
        var oracle = Assert.Throws<ArgumentNullException>(() => ImmutableList.CreateBuilder<int>().AddRange(null!));
        var ours = Assert.Throws<ArgumentNullException>(() => PersistentList.CreateBuilder<int>().AddRange(null!));
        Assert.Equal("items", oracle.ParamName);
        Assert.Equal(oracle.ParamName, ours.ParamName);
    }

    [Fact]
    public void ListBuilderAddRange_OfEveryKindOfSource_StillCompilesAndAppends()
    {
        var builder = PersistentList.CreateBuilder<int>();
        var oracle = ImmutableList.CreateBuilder<int>();
        var list = PersistentList.CreateRange(Enumerable.Range(0, 300));
        builder.AddRange(list);
        oracle.AddRange(list);
        builder.AddRange(new[] { 1, 2 });
        oracle.AddRange(new[] { 1, 2 });
        builder.AddRange(new[] { 3, 4 }.AsSpan());
        oracle.AddRange(new[] { 3, 4 });
        builder.AddRange((ReadOnlySpan<int>)[5, 6]);
        oracle.AddRange([5, 6]);
        builder.AddRange([7, 8]);
        oracle.AddRange([7, 8]);
        builder.AddRange(new List<int> { 9 });
        oracle.AddRange(new List<int> { 9 });
        builder.AddRange(Enumerable.Range(10, 3));
        oracle.AddRange(Enumerable.Range(10, 3));
        builder.AddRange(list.ToBuilder());
        oracle.AddRange(list.ToBuilder());
        Assert.Equal(oracle, builder);

        // A list is still concatenated, sharing its nodes: the builder's list reads the same leaves.
        var concatenated = PersistentList<int>.Empty.ToBuilder();
        concatenated.AddRange(list);
        Assert.True(concatenated.ToImmutable().SequenceEqual(list));
    }
}
