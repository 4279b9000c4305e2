using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using CowCollections.Serialization;

namespace CowCollections.Tests.Serialization;

public enum JsonColor
{
    Red,
    Green,
    Blue,
}

public sealed record CowJsonDto(
    PersistentList<int>? List,
    PersistentArray<string>? Array,
    PersistentDictionary<string, int>? Dictionary,
    CopyOnWriteList<int>? CowList,
    CopyOnWriteArray<int>? CowArray,
    CopyOnWriteDictionary<string, int>? CowDictionary,
    PersistentList<PersistentDictionary<string, int>>? Nested);

/// <summary>
/// The DTO of the source-generated context: every type but <see cref="CopyOnWriteArray{T}"/>, for which the
/// System.Text.Json source generator emits code that does not compile (it reads the explicitly implemented
/// <c>Count</c> as a member of the array container); that type goes through options.
/// </summary>
public sealed record CowJsonGeneratedDto(
    PersistentList<int>? List,
    PersistentArray<string>? Array,
    PersistentDictionary<string, int>? Dictionary,
    CopyOnWriteList<int>? CowList,
    CopyOnWriteDictionary<string, int>? CowDictionary,
    PersistentList<PersistentDictionary<string, int>>? Nested);

public sealed record SciJsonDto(
    ImmutableList<int>? List,
    ImmutableArray<string>? Array,
    ImmutableDictionary<string, int>? Dictionary,
    ImmutableList<int>? CowList,
    ImmutableArray<int>? CowArray,
    ImmutableDictionary<string, int>? CowDictionary,
    ImmutableList<ImmutableDictionary<string, int>>? Nested);

public sealed class CowJsonHolder
{
    public PersistentDictionary<int, string>? ByInt { get; set; }
    public PersistentDictionary<Guid, int>? ByGuid { get; set; }
    public PersistentDictionary<JsonColor, int>? ByEnum { get; set; }
}

[JsonSerializable(typeof(CowJsonGeneratedDto))]
[JsonSerializable(typeof(PersistentList<int>))]
[JsonSerializable(typeof(PersistentArray<string>))]
[JsonSerializable(typeof(PersistentDictionary<string, int>))]
[JsonSerializable(typeof(CopyOnWriteList<int>))]
[JsonSerializable(typeof(CopyOnWriteDictionary<string, int>))]
[JsonSerializable(typeof(PersistentList<PersistentDictionary<string, int>>))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(string))]
[JsonSourceGenerationOptions(Converters = [typeof(CowJsonConverterFactory)])]
internal sealed partial class CowJsonContext : JsonSerializerContext
{
}

/// <summary>A context that names the collection type but not its element type.</summary>
[JsonSerializable(typeof(PersistentList<Guid>))]
[JsonSourceGenerationOptions(Converters = [typeof(CowJsonConverterFactory)])]
internal sealed partial class CollectionOnlyJsonContext : JsonSerializerContext
{
}

/// <summary>The same context with the element type named too.</summary>
[JsonSerializable(typeof(PersistentList<Guid>))]
[JsonSerializable(typeof(Guid))]
[JsonSourceGenerationOptions(Converters = [typeof(CowJsonConverterFactory)])]
internal sealed partial class CollectionAndElementJsonContext : JsonSerializerContext
{
}

public class JsonSerializationTests
{
    /// <summary>The options a user adds the factory to (it is not attached to the types, see the factory's remarks).</summary>
    private static readonly JsonSerializerOptions Options = new() { Converters = { new CowJsonConverterFactory() } };

    public static TheoryData<int> Sizes => new() { 0, 1, 5, 1500 };

    internal static CowJsonDto Cow(int n) => new(
        PersistentList.CreateRange(Enumerable.Range(0, n)),
        PersistentArray.CreateRange(Enumerable.Range(0, n).Select(i => "s" + i)),
        PersistentDictionary.CreateRange(Enumerable.Range(0, n).Select(i => KeyValuePair.Create("k" + i, i))),
        new CopyOnWriteList<int>(Enumerable.Range(0, n)),
        new CopyOnWriteArray<int>(Enumerable.Range(0, n)),
        new CopyOnWriteDictionary<string, int>(Enumerable.Range(0, n).Select(i => KeyValuePair.Create("c" + i, -i))),
        PersistentList.CreateRange(Enumerable.Range(0, Math.Min(n, 20)).Select(i =>
            PersistentDictionary.CreateRange(Enumerable.Range(0, i).Select(j => KeyValuePair.Create("n" + j, j))))));

    private static SciJsonDto Sci(int n) => new(
        ImmutableList.CreateRange(Enumerable.Range(0, n)),
        ImmutableArray.CreateRange(Enumerable.Range(0, n).Select(i => "s" + i)),
        ImmutableDictionary.CreateRange(Enumerable.Range(0, n).Select(i => KeyValuePair.Create("k" + i, i))),
        ImmutableList.CreateRange(Enumerable.Range(0, n)),
        ImmutableArray.CreateRange(Enumerable.Range(0, n)),
        ImmutableDictionary.CreateRange(Enumerable.Range(0, n).Select(i => KeyValuePair.Create("c" + i, -i))),
        ImmutableList.CreateRange(Enumerable.Range(0, Math.Min(n, 20)).Select(i =>
            ImmutableDictionary.CreateRange(Enumerable.Range(0, i).Select(j => KeyValuePair.Create("n" + j, j))))));

    /// <summary>JSON text with every object's properties sorted by name, so dictionaries of different enumeration orders compare.</summary>
    private static string Canonical(string json) => Canonical(JsonDocument.Parse(json).RootElement);

    private static string Canonical(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => JsonSerializer.Serialize(p.Name, Options) + ":" + Canonical(p.Value))) + "}",
        JsonValueKind.Array => "[" + string.Join(",", element.EnumerateArray().Select(Canonical)) + "]",
        _ => element.GetRawText(),
    };

    private static void AssertSame(CowJsonDto expected, CowJsonDto? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.List!, actual.List!);
        Assert.Equal(expected.Array!, actual.Array!);
        Assert.True(expected.Dictionary!.DictionaryEquals(actual.Dictionary!));
        Assert.Equal(expected.CowList!.Snapshot, actual.CowList!.Snapshot);
        Assert.Equal(expected.CowArray!.Snapshot, actual.CowArray!.Snapshot);
        Assert.True(expected.CowDictionary!.Snapshot.DictionaryEquals(actual.CowDictionary!.Snapshot));
        Assert.Equal(expected.Nested!.Count, actual.Nested!.Count);
        for (int i = 0; i < expected.Nested.Count; i++)
        {
            Assert.True(expected.Nested[i].DictionaryEquals(actual.Nested[i]));
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Dto_round_trips_with_the_factory_in_the_options_and_writes_what_STJ_writes_for_SCI(int n)
    {
        CowJsonDto dto = Cow(n);
        string json = JsonSerializer.Serialize(dto, Options);
        string sci = JsonSerializer.Serialize(Sci(n), Options);
        Assert.Equal(Canonical(sci), Canonical(json));
        AssertSame(dto, JsonSerializer.Deserialize<CowJsonDto>(json, Options));
        AssertSame(dto, JsonSerializer.Deserialize<CowJsonDto>(sci, Options));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Dto_round_trips_with_a_source_generated_context(int n)
    {
        CowJsonDto full = Cow(n);
        var dto = new CowJsonGeneratedDto(full.List, full.Array, full.Dictionary, full.CowList, full.CowDictionary, full.Nested);
        string json = JsonSerializer.Serialize(dto, CowJsonContext.Default.CowJsonGeneratedDto);
        Assert.Equal(JsonSerializer.Serialize(dto, Options), json);
        var back = JsonSerializer.Deserialize(json, CowJsonContext.Default.CowJsonGeneratedDto);
        AssertSame(full, back is null ? null : new CowJsonDto(back.List, back.Array, back.Dictionary, back.CowList, full.CowArray, back.CowDictionary, back.Nested));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Each_type_on_its_own_round_trips_with_and_without_the_context(int n)
    {
        CowJsonDto dto = Cow(n);
        SciJsonDto sci = Sci(n);
        var context = CowJsonContext.Default;

        string list = JsonSerializer.Serialize(dto.List, Options);
        Assert.Equal(JsonSerializer.Serialize(sci.List, Options), list);
        Assert.Equal(list, JsonSerializer.Serialize(dto.List!, context.PersistentListInt32));
        Assert.Equal(dto.List!, JsonSerializer.Deserialize<PersistentList<int>>(list, Options)!);
        Assert.Equal(dto.List!, JsonSerializer.Deserialize(list, context.PersistentListInt32)!);

        string array = JsonSerializer.Serialize(dto.Array, Options);
        Assert.Equal(JsonSerializer.Serialize(sci.Array, Options), array);
        Assert.Equal(array, JsonSerializer.Serialize(dto.Array!, context.PersistentArrayString));
        Assert.Equal(dto.Array!, JsonSerializer.Deserialize<PersistentArray<string>>(array, Options)!);
        Assert.Equal(dto.Array!, JsonSerializer.Deserialize(array, context.PersistentArrayString)!);

        string dictionary = JsonSerializer.Serialize(dto.Dictionary, Options);
        Assert.Equal(Canonical(JsonSerializer.Serialize(sci.Dictionary, Options)), Canonical(dictionary));
        Assert.Equal(dictionary, JsonSerializer.Serialize(dto.Dictionary!, context.PersistentDictionaryStringInt32));
        Assert.True(dto.Dictionary!.DictionaryEquals(JsonSerializer.Deserialize<PersistentDictionary<string, int>>(dictionary, Options)!));
        Assert.True(dto.Dictionary!.DictionaryEquals(JsonSerializer.Deserialize(dictionary, context.PersistentDictionaryStringInt32)!));

        string cowList = JsonSerializer.Serialize(dto.CowList, Options);
        Assert.Equal(JsonSerializer.Serialize(sci.CowList, Options), cowList);
        Assert.Equal(cowList, JsonSerializer.Serialize(dto.CowList!, context.CopyOnWriteListInt32));
        Assert.Equal(dto.CowList!.Snapshot, JsonSerializer.Deserialize<CopyOnWriteList<int>>(cowList, Options)!.Snapshot);
        Assert.Equal(dto.CowList!.Snapshot, JsonSerializer.Deserialize(cowList, context.CopyOnWriteListInt32)!.Snapshot);

        string cowArray = JsonSerializer.Serialize(dto.CowArray, Options);
        Assert.Equal(JsonSerializer.Serialize(sci.CowArray, Options), cowArray);
        Assert.Equal(dto.CowArray!.Snapshot, JsonSerializer.Deserialize<CopyOnWriteArray<int>>(cowArray, Options)!.Snapshot);

        string cowDictionary = JsonSerializer.Serialize(dto.CowDictionary, Options);
        Assert.Equal(Canonical(JsonSerializer.Serialize(sci.CowDictionary, Options)), Canonical(cowDictionary));
        Assert.Equal(cowDictionary, JsonSerializer.Serialize(dto.CowDictionary!, context.CopyOnWriteDictionaryStringInt32));
        Assert.True(dto.CowDictionary!.Snapshot.DictionaryEquals(JsonSerializer.Deserialize<CopyOnWriteDictionary<string, int>>(cowDictionary, Options)!.Snapshot));
        Assert.True(dto.CowDictionary!.Snapshot.DictionaryEquals(JsonSerializer.Deserialize(cowDictionary, context.CopyOnWriteDictionaryStringInt32)!.Snapshot));

        string nested = JsonSerializer.Serialize(dto.Nested, Options);
        Assert.Equal(Canonical(JsonSerializer.Serialize(sci.Nested, Options)), Canonical(nested));
        var back = JsonSerializer.Deserialize(nested, context.PersistentListPersistentDictionaryStringInt32)!;
        Assert.Equal(dto.Nested!.Count, back.Count);
        Assert.All(Enumerable.Range(0, back.Count), i => Assert.True(dto.Nested[i].DictionaryEquals(back[i])));
    }

    [Fact]
    public void Int_Guid_and_enum_keys_are_written_as_STJ_writes_Dictionary_keys()
    {
        var guid = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        var holder = new CowJsonHolder
        {
            ByInt = PersistentDictionary.CreateRange(new[] { KeyValuePair.Create(1, "a"), KeyValuePair.Create(-7, "b") }),
            ByGuid = PersistentDictionary.CreateRange(new[] { KeyValuePair.Create(guid, 3) }),
            ByEnum = PersistentDictionary.CreateRange(new[] { KeyValuePair.Create(JsonColor.Green, 1), KeyValuePair.Create(JsonColor.Blue, 2) }),
        };
        var reference = new
        {
            ByInt = new Dictionary<int, string> { [1] = "a", [-7] = "b" },
            ByGuid = new Dictionary<Guid, int> { [guid] = 3 },
            ByEnum = new Dictionary<JsonColor, int> { [JsonColor.Green] = 1, [JsonColor.Blue] = 2 },
        };
        var enumsAsStrings = new JsonSerializerOptions { Converters = { new CowJsonConverterFactory(), new JsonStringEnumConverter() } };
        var camelKeys = new JsonSerializerOptions { DictionaryKeyPolicy = JsonNamingPolicy.CamelCase, Converters = { new CowJsonConverterFactory() } };
        foreach (var options in new[] { Options, enumsAsStrings })
        {
            string json = JsonSerializer.Serialize(holder, options);
            Assert.Equal(Canonical(JsonSerializer.Serialize(reference, options)), Canonical(json));
            var back = JsonSerializer.Deserialize<CowJsonHolder>(json, options)!;
            Assert.True(holder.ByInt.DictionaryEquals(back.ByInt!));
            Assert.True(holder.ByGuid.DictionaryEquals(back.ByGuid!));
            Assert.True(holder.ByEnum.DictionaryEquals(back.ByEnum!));
        }

        var named = PersistentDictionary.CreateRange(new[] { KeyValuePair.Create("FirstKey", 1) });
        Assert.Equal(JsonSerializer.Serialize(new Dictionary<string, int> { ["FirstKey"] = 1 }, camelKeys), JsonSerializer.Serialize(named, camelKeys));
    }

    [Fact]
    public void Null_JSON_gives_null_properties_and_null_elements()
    {
        var dto = JsonSerializer.Deserialize<CowJsonDto>(
            """{"List":null,"Array":null,"Dictionary":null,"CowList":null,"CowArray":null,"CowDictionary":null,"Nested":null}""", Options)!;
        Assert.Null(dto.List);
        Assert.Null(dto.Array);
        Assert.Null(dto.Dictionary);
        Assert.Null(dto.CowList);
        Assert.Null(dto.CowArray);
        Assert.Null(dto.CowDictionary);
        Assert.Null(dto.Nested);
        Assert.Null(JsonSerializer.Deserialize<PersistentList<int>>("null", Options));
        Assert.Null(JsonSerializer.Deserialize("null", CowJsonContext.Default.CopyOnWriteListInt32));

        var strings = JsonSerializer.Deserialize<PersistentArray<string?>>("""["a",null]""", Options)!;
        Assert.Equal(new[] { "a", null }, strings);
        Assert.Equal("""["a",null]""", JsonSerializer.Serialize(strings, Options));
        var values = JsonSerializer.Deserialize<PersistentDictionary<string, string?>>("""{"a":null}""", Options)!;
        Assert.Null(values["a"]);
    }

    [Fact]
    public void Wrong_JSON_shapes_throw_JsonException()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<PersistentList<int>>("{}", Options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<PersistentArray<int>>("""{"a":1}""", Options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<CopyOnWriteList<int>>("3", Options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<CopyOnWriteArray<int>>("\"x\"", Options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<PersistentDictionary<string, int>>("[1]", Options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<CopyOnWriteDictionary<string, int>>("[]", Options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<PersistentList<int>>("[\"x\"]", Options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<CowJsonDto>("""{"List":{}}""", Options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"Dictionary":[]}""", CowJsonContext.Default.CowJsonGeneratedDto));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<PersistentList<int>>("[1,2", Options));
    }

    [Fact]
    public void A_repeated_key_keeps_its_last_value_as_Dictionary_does()
    {
        const string json = """{"a":1,"b":2,"a":3}""";
        var expected = JsonSerializer.Deserialize<Dictionary<string, int>>(json, Options)!;
        var actual = JsonSerializer.Deserialize<PersistentDictionary<string, int>>(json, Options)!;
        Assert.Equal(expected.OrderBy(p => p.Key), actual.OrderBy(p => p.Key));
    }

    [Fact]
    public void The_factory_converts_exactly_the_six_collection_types()
    {
        var factory = new CowJsonConverterFactory();
        Assert.True(factory.CanConvert(typeof(PersistentList<int>)));
        Assert.True(factory.CanConvert(typeof(PersistentArray<int>)));
        Assert.True(factory.CanConvert(typeof(PersistentDictionary<string, int>)));
        Assert.True(factory.CanConvert(typeof(CopyOnWriteList<int>)));
        Assert.True(factory.CanConvert(typeof(CopyOnWriteArray<int>)));
        Assert.True(factory.CanConvert(typeof(CopyOnWriteDictionary<string, int>)));
        Assert.False(factory.CanConvert(typeof(PersistentList<>)));
        Assert.False(factory.CanConvert(typeof(List<int>)));
        Assert.False(factory.CanConvert(typeof(int)));
        Assert.Throws<ArgumentException>(() => factory.CreateConverter(typeof(List<int>), JsonSerializerOptions.Default));
        Assert.IsAssignableFrom<JsonConverter<PersistentList<string>>>(factory.CreateConverter(typeof(PersistentList<string>), JsonSerializerOptions.Default));
    }

    [Fact]
    public void A_source_generated_context_that_names_only_the_collection_type_serializes_its_elements_too()
    {
        var list = PersistentList.Create(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"));
        Assert.Equal(JsonSerializer.Serialize(list, Options), JsonSerializer.Serialize(list, CollectionOnlyJsonContext.Default.PersistentListGuid));
        string json = JsonSerializer.Serialize(list, CollectionAndElementJsonContext.Default.PersistentListGuid);
        Assert.Equal(JsonSerializer.Serialize(list, Options), json);
        Assert.Equal(list, JsonSerializer.Deserialize(json, CollectionAndElementJsonContext.Default.PersistentListGuid)!);
    }
}
