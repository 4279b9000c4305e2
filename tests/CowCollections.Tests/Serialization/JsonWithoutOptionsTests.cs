using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using CowCollections.Serialization;

namespace CowCollections.Tests.Serialization;

/// <summary>A source-generated context with no converter registered: the types' own <c>[JsonConverter]</c> attribute must be honoured.</summary>
[JsonSerializable(typeof(CowJsonGeneratedDto))]
[JsonSerializable(typeof(CowJsonHolder))]
[JsonSerializable(typeof(PersistentList<int>))]
[JsonSerializable(typeof(PersistentDictionary<string, int>))]
internal sealed partial class AttributeOnlyJsonContext : JsonSerializerContext
{
}

/// <summary>A source-generated context with the explicitly typed converters registered, as a native AOT app over value types does.</summary>
[JsonSerializable(typeof(PersistentList<int>))]
[JsonSerializable(typeof(PersistentDictionary<string, int>))]
[JsonSerializable(typeof(CopyOnWriteList<int>))]
[JsonSourceGenerationOptions(Converters = [
    typeof(PersistentListJsonConverter<int>),
    typeof(PersistentDictionaryJsonConverter<string, int>),
    typeof(CopyOnWriteListJsonConverter<int>)])]
internal sealed partial class ExplicitConvertersJsonContext : JsonSerializerContext
{
}

/// <summary>
/// JSON with no options at all (<c>JsonSerializer.Serialize(value)</c>): the six types carry
/// <c>[JsonConverter(typeof(CowJsonConverterFactory))]</c>, so they behave exactly as with the factory in the options.
/// </summary>
public class JsonWithoutOptionsTests
{
    private static readonly JsonSerializerOptions WithFactory = new() { Converters = { new CowJsonConverterFactory() } };

    public static TheoryData<int> Sizes => JsonSerializationTests.Sizes;

    private static CowJsonDto Cow(int n) => JsonSerializationTests.Cow(n);

    [Theory]
    [MemberData(nameof(Sizes))]
    public void A_record_of_every_type_round_trips_with_no_options_and_writes_what_the_factory_writes(int n)
    {
        var dto = Cow(n);
        string json = JsonSerializer.Serialize(dto);
        Assert.Equal(JsonSerializer.Serialize(dto, WithFactory), json);

        var back = JsonSerializer.Deserialize<CowJsonDto>(json)!;
        Assert.Equal(dto.List!, back.List!);
        Assert.Equal(dto.Array!, back.Array!);
        Assert.True(dto.Dictionary!.DictionaryEquals(back.Dictionary!));
        Assert.Equal(dto.CowList!.Snapshot, back.CowList!.Snapshot);
        Assert.Equal(dto.CowArray!.Snapshot, back.CowArray!.Snapshot);
        Assert.True(dto.CowDictionary!.Snapshot.DictionaryEquals(back.CowDictionary!.Snapshot));
        Assert.Equal(dto.Nested!.Count, back.Nested!.Count);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Each_type_on_its_own_reads_the_JSON_STJ_writes_for_SCI_with_no_options(int n)
    {
        string list = JsonSerializer.Serialize(ImmutableList.CreateRange(Enumerable.Range(0, n)));
        Assert.Equal(list, JsonSerializer.Serialize(JsonSerializer.Deserialize<PersistentList<int>>(list)));
        Assert.Equal(list, JsonSerializer.Serialize(JsonSerializer.Deserialize<PersistentArray<int>>(list)));
        Assert.Equal(list, JsonSerializer.Serialize(JsonSerializer.Deserialize<CopyOnWriteList<int>>(list)));
        Assert.Equal(list, JsonSerializer.Serialize(JsonSerializer.Deserialize<CopyOnWriteArray<int>>(list)));

        var sci = ImmutableDictionary.CreateRange(Enumerable.Range(0, n).Select(i => KeyValuePair.Create("k" + i, i)));
        string dictionary = JsonSerializer.Serialize(sci);
        var value = JsonSerializer.Deserialize<PersistentDictionary<string, int>>(dictionary)!;
        var container = JsonSerializer.Deserialize<CopyOnWriteDictionary<string, int>>(dictionary)!;
        Assert.Equal(sci.OrderBy(p => p.Key, StringComparer.Ordinal), value.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(sci.OrderBy(p => p.Key, StringComparer.Ordinal), container.Snapshot.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(JsonSerializer.Serialize(value, WithFactory), JsonSerializer.Serialize(value));
    }

    [Fact]
    public void A_class_with_int_Guid_and_enum_keys_round_trips_with_no_options()
    {
        var holder = new CowJsonHolder
        {
            ByInt = PersistentDictionary.CreateRange([KeyValuePair.Create(1, "one"), KeyValuePair.Create(-2, "minus two")]),
            ByGuid = PersistentDictionary.CreateRange([KeyValuePair.Create(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), 7)]),
            ByEnum = PersistentDictionary.CreateRange([KeyValuePair.Create(JsonColor.Green, 2)]),
        };
        string json = JsonSerializer.Serialize(holder);
        Assert.Equal(JsonSerializer.Serialize(holder, WithFactory), json);
        var back = JsonSerializer.Deserialize<CowJsonHolder>(json)!;
        Assert.True(holder.ByInt.DictionaryEquals(back.ByInt!));
        Assert.True(holder.ByGuid.DictionaryEquals(back.ByGuid!));
        Assert.True(holder.ByEnum.DictionaryEquals(back.ByEnum!));
    }

    [Fact]
    public void Null_and_malformed_JSON_behave_as_with_the_factory()
    {
        Assert.Null(JsonSerializer.Deserialize<PersistentList<int>>("null"));
        Assert.Null(JsonSerializer.Deserialize<CopyOnWriteDictionary<string, int>>("null"));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<PersistentList<int>>("{}"));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<PersistentDictionary<string, int>>("[1]"));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<CopyOnWriteArray<int>>("[1,"));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void A_source_generated_context_with_no_converter_registered_honours_the_attribute(int n)
    {
        var cow = Cow(n);
        var dto = new CowJsonGeneratedDto(cow.List, cow.Array, cow.Dictionary, cow.CowList, cow.CowDictionary, cow.Nested);
        string json = JsonSerializer.Serialize(dto, AttributeOnlyJsonContext.Default.CowJsonGeneratedDto);
        Assert.Equal(JsonSerializer.Serialize(dto, WithFactory), json);
        var back = JsonSerializer.Deserialize(json, AttributeOnlyJsonContext.Default.CowJsonGeneratedDto)!;
        Assert.Equal(dto.List!, back.List!);
        Assert.Equal(dto.Array!, back.Array!);
        Assert.True(dto.Dictionary!.DictionaryEquals(back.Dictionary!));
        Assert.Equal(dto.CowList!.Snapshot, back.CowList!.Snapshot);
        Assert.True(dto.CowDictionary!.Snapshot.DictionaryEquals(back.CowDictionary!.Snapshot));
        Assert.Equal(
            cow.List!,
            JsonSerializer.Deserialize(JsonSerializer.Serialize(cow.List!, AttributeOnlyJsonContext.Default.PersistentListInt32), AttributeOnlyJsonContext.Default.PersistentListInt32)!);
    }

    [Fact]
    public void The_explicitly_typed_converters_round_trip_in_a_source_generated_context_and_in_options()
    {
        var list = PersistentList.Create(3, 1, 2);
        var dictionary = PersistentDictionary.CreateRange([KeyValuePair.Create("a", 1), KeyValuePair.Create("b", 2)]);
        var container = new CopyOnWriteList<int>([5, 6]);

        string listJson = JsonSerializer.Serialize(list, ExplicitConvertersJsonContext.Default.PersistentListInt32);
        Assert.Equal("[3,1,2]", listJson);
        Assert.Equal(list, JsonSerializer.Deserialize(listJson, ExplicitConvertersJsonContext.Default.PersistentListInt32)!);
        string dictionaryJson = JsonSerializer.Serialize(dictionary, ExplicitConvertersJsonContext.Default.PersistentDictionaryStringInt32);
        Assert.True(dictionary.DictionaryEquals(JsonSerializer.Deserialize(dictionaryJson, ExplicitConvertersJsonContext.Default.PersistentDictionaryStringInt32)!));
        string containerJson = JsonSerializer.Serialize(container, ExplicitConvertersJsonContext.Default.CopyOnWriteListInt32);
        Assert.Equal("[5,6]", containerJson);
        Assert.Equal(container.Snapshot, JsonSerializer.Deserialize(containerJson, ExplicitConvertersJsonContext.Default.CopyOnWriteListInt32)!.Snapshot);

        var options = new JsonSerializerOptions { Converters = { new PersistentArrayJsonConverter<int>(), new CopyOnWriteArrayJsonConverter<int>(), new CopyOnWriteDictionaryJsonConverter<string, int>() } };
        Assert.Equal(PersistentArray.CreateRange(new[] { 1, 2 }), JsonSerializer.Deserialize<PersistentArray<int>>("[1,2]", options)!);
        Assert.Equal(PersistentArray.CreateRange(new[] { 1, 2 }), JsonSerializer.Deserialize<CopyOnWriteArray<int>>("[1,2]", options)!.Snapshot);
        Assert.Equal(2, JsonSerializer.Deserialize<CopyOnWriteDictionary<string, int>>("""{"a":1,"b":2}""", options)!.Count);
    }

    [Fact]
    public void A_converter_in_the_options_takes_precedence_over_the_types_attribute()
    {
        var options = new JsonSerializerOptions { Converters = { new CountOnlyConverter() } };
        Assert.Equal("3", JsonSerializer.Serialize(PersistentList.Create(7, 8, 9), options));
        Assert.Equal(4, JsonSerializer.Deserialize<PersistentList<int>>("4", options)!.Count);
    }

    [Fact]
    public void Each_type_names_the_factory_in_its_JsonConverter_attribute()
    {
        foreach (var type in new[]
        {
            typeof(PersistentList<>), typeof(PersistentArray<>), typeof(PersistentDictionary<,>),
            typeof(CopyOnWriteList<>), typeof(CopyOnWriteArray<>), typeof(CopyOnWriteDictionary<,>),
        })
        {
            var attribute = (JsonConverterAttribute?)Attribute.GetCustomAttribute(type, typeof(JsonConverterAttribute));
            Assert.True(attribute is not null, type.Name);
            Assert.Equal(typeof(CowJsonConverterFactory), attribute!.ConverterType);
        }
    }

    /// <summary>A converter that writes a list as its count, to tell which converter ran.</summary>
    private sealed class CountOnlyConverter : JsonConverter<PersistentList<int>>
    {
        public override PersistentList<int> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            PersistentList.CreateRange(Enumerable.Repeat(0, reader.GetInt32()));

        public override void Write(Utf8JsonWriter writer, PersistentList<int> value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(value.Count);
    }
}
