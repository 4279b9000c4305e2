using System.Collections.Immutable;
using System.Text.Json;
using CowCollections.Serialization;

namespace CowCollections.Tests.Serialization;

/// <summary>Sets as JSON arrays: the same text System.Text.Json writes for <c>ImmutableHashSet</c> (up to order), read back in one pass.</summary>
public class SetJsonTests
{
    public static TheoryData<int> Sizes => [0, 1, 33, 1000];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void A_set_round_trips_with_no_options_and_reads_what_ImmutableHashSet_writes(int n)
    {
        var set = PersistentHashSet.CreateRange(Enumerable.Range(0, n).Select(i => $"k{i * 7}"));
        string json = JsonSerializer.Serialize(set);
        var back = JsonSerializer.Deserialize<PersistentHashSet<string>>(json)!;
        Assert.True(back.SetEquals(set));
        Assert.Equal(n, back.Count);

        // The text is an array of the elements, as for ImmutableHashSet: each reads the other's.
        var sci = JsonSerializer.Deserialize<ImmutableHashSet<string>>(json)!;
        Assert.True(sci.SetEquals(set));
        var fromSci = JsonSerializer.Deserialize<PersistentHashSet<string>>(JsonSerializer.Serialize(sci))!;
        Assert.True(fromSci.SetEquals(sci));
    }

    [Fact]
    public void Duplicates_collapse_and_nulls_survive_as_in_HashSet()
    {
        var back = JsonSerializer.Deserialize<PersistentHashSet<string?>>("""["a", null, "a", "b", null]""")!;
        var model = JsonSerializer.Deserialize<HashSet<string?>>("""["a", null, "a", "b", null]""")!;
        Assert.Equal(model.Count, back.Count);
        Assert.True(back.SetEquals(model));
    }

    [Fact]
    public void The_container_writes_its_snapshot_and_reads_into_a_first_version()
    {
        var container = new CopyOnWriteSet<int>([3, 1, 2]);
        string json = JsonSerializer.Serialize(container);
        Assert.Equal(json, JsonSerializer.Serialize(container.Snapshot));
        var back = JsonSerializer.Deserialize<CopyOnWriteSet<int>>(json)!;
        Assert.True(back.SetEquals([1, 2, 3]));
        Assert.Equal(0, back.Version);
    }

    [Fact]
    public void The_factory_converts_both_set_types_and_nothing_else_new()
    {
        var factory = new CowJsonConverterFactory();
        Assert.True(factory.CanConvert(typeof(PersistentHashSet<int>)));
        Assert.True(factory.CanConvert(typeof(CopyOnWriteSet<string>)));
        Assert.False(factory.CanConvert(typeof(HashSet<int>)));
        Assert.IsType<PersistentHashSetJsonConverter<int>>(factory.CreateConverter(typeof(PersistentHashSet<int>), JsonSerializerOptions.Default));
        Assert.IsType<CopyOnWriteSetJsonConverter<string>>(factory.CreateConverter(typeof(CopyOnWriteSet<string>), JsonSerializerOptions.Default));
    }
}
