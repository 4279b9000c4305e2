using System.Collections;
using System.Collections.Immutable;
using CowCollections;
using Xunit;

namespace CowCollections.Tests.Compatibility;

/// <summary>Exception types and parameter names match System.Collections.Immutable and List&lt;T&gt; on the same arguments.</summary>
public sealed class SciParameterNameTests
{
    private static string? ParamOf(Action action) => Assert.ThrowsAny<ArgumentException>(action).ParamName;

    [Fact]
    public void SetRange_reports_values_when_the_values_do_not_fit()
    {
        var array = PersistentArray.Create<int>([1, 2, 3]);
        Assert.Equal("values", Assert.Throws<ArgumentOutOfRangeException>(() => { array.SetRange(2, [7, 8]); }).ParamName);
        var builder = array.ToBuilder();
        Assert.Equal("values", Assert.Throws<ArgumentOutOfRangeException>(() => { builder.SetRange(1, [7, 8, 9]); }).ParamName);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => { builder.SetRange(-1, [7]); }).ParamName);
    }

    [Fact]
    public void TryGetKey_of_null_reports_equalKey_as_ImmutableDictionary_does()
    {
        string expected = ParamOf(() => ImmutableDictionary<string, int>.Empty.TryGetKey(null!, out _))!;
        Assert.Equal("equalKey", expected);
        Assert.Equal(expected, ParamOf(() => PersistentDictionary<string, int>.Empty.TryGetKey(null!, out _)));
        Assert.Equal(expected, ParamOf(() => PersistentDictionary<string, int>.Empty.ToBuilder().TryGetKey(null!, out _)));
    }

    [Fact]
    public void Array_LastIndexOf_with_a_count_reaching_before_the_start_reports_count()
    {
        var sci = Assert.Throws<ArgumentOutOfRangeException>(() => ImmutableArray.Create(1, 2, 3).LastIndexOf(1, 0, 2));
        var list = Assert.Throws<ArgumentOutOfRangeException>(() => new List<int> { 1, 2, 3 }.LastIndexOf(1, 0, 2));
        Assert.Equal(sci.ParamName, list.ParamName);
        var array = Assert.Throws<ArgumentOutOfRangeException>(() => PersistentArray.Create<int>([1, 2, 3]).LastIndexOf(1, 0, 2));
        Assert.Equal(sci.ParamName, array.ParamName);
        Assert.Equal(2, array.ActualValue);
        var persistentList = Assert.Throws<ArgumentOutOfRangeException>(() => PersistentList.Create(1, 2, 3).LastIndexOf(1, 0, 2));
        Assert.Equal(sci.ParamName, persistentList.ParamName);
        Assert.Equal(sci.ParamName, Assert.Throws<ArgumentOutOfRangeException>(() => PersistentArray.Create<int>([1, 2, 3]).LastIndexOf(1, 2, -1)).ParamName);
        Assert.Equal(0, PersistentArray.Create<int>([1, 2, 3]).LastIndexOf(1, 2, 3));
    }

    [Fact]
    public void ICollection_CopyTo_into_an_incompatible_array_throws_ArgumentException_as_List_does()
    {
        var expected = Assert.ThrowsAny<ArgumentException>(() => ((ICollection)new List<int> { 1, 2 }).CopyTo(new string[2], 0));
        Assert.Equal(typeof(ArgumentException), expected.GetType());
        var actual = Assert.ThrowsAny<ArgumentException>(() => ((ICollection)PersistentList.Create(1, 2)).CopyTo(new string[2], 0));
        Assert.Equal(typeof(ArgumentException), actual.GetType());
        var objects = new object[3];
        ((ICollection)PersistentList.Create(1, 2)).CopyTo(objects, 1);
        Assert.Equal(new object?[] { null, 1, 2 }, objects);
        var longs = new long[2];
        ((ICollection)new List<int> { 1, 2 }).CopyTo(longs, 0);
        var ours = new long[2];
        ((ICollection)PersistentList.Create(1, 2)).CopyTo(ours, 0);
        Assert.Equal(longs, ours);
    }

    [Fact]
    public void ToPersistentDictionary_with_a_null_key_reports_what_ToImmutableDictionary_reports()
    {
        string?[] source = ["a", null];
        string? counted = ParamOf(() => source.ToImmutableDictionary(x => x!, x => 1));
        string? uncounted = ParamOf(() => source.Where(_ => true).ToImmutableDictionary(x => x!, x => 1));
        Assert.Equal(counted, uncounted);
        Assert.Equal(counted, ParamOf(() => source.ToPersistentDictionary(x => x!, x => 1)));
        Assert.Equal(counted, ParamOf(() => source.Where(_ => true).ToPersistentDictionary(x => x!, x => 1)));
        var many = Enumerable.Range(0, 100).Select(i => i == 70 ? null : "k" + i).ToArray();
        Assert.Equal(counted, ParamOf(() => many.ToPersistentDictionary(x => x!, x => 1)));
    }
}
