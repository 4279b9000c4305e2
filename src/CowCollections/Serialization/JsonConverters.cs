using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace CowCollections.Serialization;

/// <summary>Reads and writes elements and dictionary entries with the converters the options give for their types.</summary>
internal static class CowJson
{
    // GetTypeInfo goes through the options' resolver (reflection or a source-generated context), so it is trim- and
    // AOT-safe where GetConverter is not; its converter is the one the serializer itself uses for T.
    // A source-generated context knows only the types it names, and a context that relies on the collection types'
    // [JsonConverter] attribute names no element type (the generator does not look inside a type it has a converter
    // for). Then a converter the options list for T is used, else System.Text.Json's own converter of a built-in
    // simple type (the one its resolvers use), else the error names what to add to the context.
    public static JsonConverter<T> Converter<T>(JsonSerializerOptions options)
    {
        if (options.TryGetTypeInfo(typeof(T), out var info))
        {
            return (JsonConverter<T>)info.Converter;
        }

        foreach (var converter in options.Converters)
        {
            if (converter.CanConvert(typeof(T)))
            {
                var closed = converter is JsonConverterFactory factory ? factory.CreateConverter(typeof(T), options) : converter;
                if (closed is JsonConverter<T> typed)
                {
                    return typed;
                }
            }
        }

        return (JsonConverter<T>?)BuiltIn(typeof(T)) ?? throw new NotSupportedException(
            $"The options' type info resolver has no metadata for {typeof(T)}, an element or key type of a CowCollections " +
            $"collection. With a source-generated context, add [JsonSerializable(typeof({typeof(T).Name}))] to it.");
    }

    private static JsonConverter? BuiltIn(Type type) =>
        type == typeof(int) ? JsonMetadataServices.Int32Converter
        : type == typeof(string) ? JsonMetadataServices.StringConverter
        : type == typeof(long) ? JsonMetadataServices.Int64Converter
        : type == typeof(bool) ? JsonMetadataServices.BooleanConverter
        : type == typeof(double) ? JsonMetadataServices.DoubleConverter
        : type == typeof(Guid) ? JsonMetadataServices.GuidConverter
        : type == typeof(DateTime) ? JsonMetadataServices.DateTimeConverter
        : type == typeof(DateTimeOffset) ? JsonMetadataServices.DateTimeOffsetConverter
        : type == typeof(TimeSpan) ? JsonMetadataServices.TimeSpanConverter
        : type == typeof(DateOnly) ? JsonMetadataServices.DateOnlyConverter
        : type == typeof(TimeOnly) ? JsonMetadataServices.TimeOnlyConverter
        : type == typeof(decimal) ? JsonMetadataServices.DecimalConverter
        : type == typeof(float) ? JsonMetadataServices.SingleConverter
        : type == typeof(short) ? JsonMetadataServices.Int16Converter
        : type == typeof(byte) ? JsonMetadataServices.ByteConverter
        : type == typeof(uint) ? JsonMetadataServices.UInt32Converter
        : type == typeof(ulong) ? JsonMetadataServices.UInt64Converter
        : type == typeof(char) ? JsonMetadataServices.CharConverter
        : type == typeof(Uri) ? JsonMetadataServices.UriConverter
        : null;

    public static T ReadElement<T>(ref Utf8JsonReader reader, JsonConverter<T> converter, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null && !converter.HandleNull)
        {
            return default!;
        }

        return converter.Read(ref reader, typeof(T), options)!;
    }

    public static void WriteElement<T>(Utf8JsonWriter writer, T value, JsonConverter<T> converter, JsonSerializerOptions options)
    {
        if (value is null && !converter.HandleNull)
        {
            writer.WriteNullValue();
            return;
        }

        converter.Write(writer, value, options);
    }

    /// <summary>Reads a JSON array into a list (the reader is on its start token and is left on its end token).</summary>
    public static List<T> ReadArray<T>(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"The JSON value could not be converted to {typeToConvert}: expected an array, found {reader.TokenType}.");
        }

        JsonConverter<T> converter = Converter<T>(options);
        var items = new List<T>();
        while (true)
        {
            if (!reader.Read())
            {
                throw new JsonException($"The JSON array for {typeToConvert} is incomplete.");
            }

            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return items;
            }

            items.Add(ReadElement(ref reader, converter, options));
        }
    }

    public static void WriteArray<T, TEnumerable>(Utf8JsonWriter writer, TEnumerable items, JsonSerializerOptions options)
        where TEnumerable : IEnumerable<T>
    {
        JsonConverter<T> converter = Converter<T>(options);
        writer.WriteStartArray();
        foreach (T item in items)
        {
            WriteElement(writer, item, converter, options);
        }

        writer.WriteEndArray();
    }

    /// <summary>Reads a JSON object into a builder (the reader is on its start token and is left on its end token).</summary>
    public static PersistentDictionary<TKey, TValue> ReadObject<TKey, TValue>(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        where TKey : notnull
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"The JSON value could not be converted to {typeToConvert}: expected an object, found {reader.TokenType}.");
        }

        JsonConverter<TKey> keyConverter = Converter<TKey>(options);
        JsonConverter<TValue> valueConverter = Converter<TValue>(options);
        PersistentDictionary<TKey, TValue>.Builder builder = PersistentDictionary<TKey, TValue>.Empty.ToBuilder();
        while (true)
        {
            if (!reader.Read())
            {
                throw new JsonException($"The JSON object for {typeToConvert} is incomplete.");
            }

            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return builder.ToImmutable();
            }

            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                throw new JsonException($"The JSON object for {typeToConvert} has a {reader.TokenType} where a property name is expected.");
            }

            TKey key = keyConverter.ReadAsPropertyName(ref reader, typeof(TKey), options);
            if (!reader.Read())
            {
                throw new JsonException($"The JSON object for {typeToConvert} is incomplete.");
            }

            builder[key] = ReadElement(ref reader, valueConverter, options);
        }
    }

    public static void WriteObject<TKey, TValue>(Utf8JsonWriter writer, PersistentDictionary<TKey, TValue> dictionary, JsonSerializerOptions options)
        where TKey : notnull
    {
        JsonConverter<TKey> keyConverter = Converter<TKey>(options);
        JsonConverter<TValue> valueConverter = Converter<TValue>(options);
        JsonNamingPolicy? keyPolicy = typeof(TKey) == typeof(string) ? options.DictionaryKeyPolicy : null;
        writer.WriteStartObject();
        foreach (KeyValuePair<TKey, TValue> entry in dictionary)
        {
            if (keyPolicy is not null)
            {
                writer.WritePropertyName(keyPolicy.ConvertName((string)(object)entry.Key));
            }
            else
            {
                keyConverter.WriteAsPropertyName(writer, entry.Key, options);
            }

            WriteElement(writer, entry.Value, valueConverter, options);
        }

        writer.WriteEndObject();
    }
}

/// <summary>Converts a <see cref="PersistentList{T}"/> to and from a JSON array.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>
/// The <see cref="PersistentList{T}"/> type names <see cref="CowJsonConverterFactory"/> in its <see cref="JsonConverterAttribute"/>,
/// which makes this converter; register this one yourself (in <see cref="JsonSerializerOptions.Converters"/>, or in
/// <c>[JsonSourceGenerationOptions(Converters = [typeof(...)])]</c> of a source-generated context) in a native AOT app whose
/// element types are value types, where the factory cannot close its generic converters. A registered converter
/// takes precedence over the type's attribute.
/// </remarks>
public sealed class PersistentListJsonConverter<T> : JsonConverter<PersistentList<T>>
{
    /// <inheritdoc/>
    public override PersistentList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        PersistentList.Create<T>(CollectionsMarshal.AsSpan(CowJson.ReadArray<T>(ref reader, typeToConvert, options)));

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, PersistentList<T> value, JsonSerializerOptions options) =>
        CowJson.WriteArray<T, PersistentList<T>>(writer, value, options);
}

/// <summary>Converts a <see cref="PersistentArray{T}"/> to and from a JSON array.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>
/// The <see cref="PersistentArray{T}"/> type names <see cref="CowJsonConverterFactory"/> in its <see cref="JsonConverterAttribute"/>,
/// which makes this converter; register this one yourself (in <see cref="JsonSerializerOptions.Converters"/>, or in
/// <c>[JsonSourceGenerationOptions(Converters = [typeof(...)])]</c> of a source-generated context) in a native AOT app whose
/// element types are value types, where the factory cannot close its generic converters. A registered converter
/// takes precedence over the type's attribute.
/// </remarks>
public sealed class PersistentArrayJsonConverter<T> : JsonConverter<PersistentArray<T>>
{
    /// <inheritdoc/>
    public override PersistentArray<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        PersistentArray.Create<T>(CollectionsMarshal.AsSpan(CowJson.ReadArray<T>(ref reader, typeToConvert, options)));

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, PersistentArray<T> value, JsonSerializerOptions options) =>
        CowJson.WriteArray<T, PersistentArray<T>>(writer, value, options);
}

/// <summary>Converts a <see cref="PersistentDictionary{TKey, TValue}"/> to and from a JSON object.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
/// <remarks>
/// The <see cref="PersistentDictionary{TKey, TValue}"/> type names <see cref="CowJsonConverterFactory"/> in its <see cref="JsonConverterAttribute"/>,
/// which makes this converter; register this one yourself (in <see cref="JsonSerializerOptions.Converters"/>, or in
/// <c>[JsonSourceGenerationOptions(Converters = [typeof(...)])]</c> of a source-generated context) in a native AOT app whose
/// element types are value types, where the factory cannot close its generic converters. A registered converter
/// takes precedence over the type's attribute.
/// </remarks>
public sealed class PersistentDictionaryJsonConverter<TKey, TValue> : JsonConverter<PersistentDictionary<TKey, TValue>>
    where TKey : notnull
{
    /// <inheritdoc/>
    public override PersistentDictionary<TKey, TValue> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        CowJson.ReadObject<TKey, TValue>(ref reader, typeToConvert, options);

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, PersistentDictionary<TKey, TValue> value, JsonSerializerOptions options) =>
        CowJson.WriteObject(writer, value, options);
}

/// <summary>Converts a <see cref="CopyOnWriteList{T}"/> to and from a JSON array (of its snapshot when written).</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>
/// The <see cref="CopyOnWriteList{T}"/> type names <see cref="CowJsonConverterFactory"/> in its <see cref="JsonConverterAttribute"/>,
/// which makes this converter; register this one yourself (in <see cref="JsonSerializerOptions.Converters"/>, or in
/// <c>[JsonSourceGenerationOptions(Converters = [typeof(...)])]</c> of a source-generated context) in a native AOT app whose
/// element types are value types, where the factory cannot close its generic converters. A registered converter
/// takes precedence over the type's attribute.
/// </remarks>
public sealed class CopyOnWriteListJsonConverter<T> : JsonConverter<CopyOnWriteList<T>>
{
    /// <inheritdoc/>
    public override CopyOnWriteList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(PersistentList.Create<T>(CollectionsMarshal.AsSpan(CowJson.ReadArray<T>(ref reader, typeToConvert, options))));

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, CopyOnWriteList<T> value, JsonSerializerOptions options) =>
        CowJson.WriteArray<T, PersistentList<T>>(writer, value.Snapshot, options);
}

/// <summary>Converts a <see cref="CopyOnWriteArray{T}"/> to and from a JSON array (of its snapshot when written).</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>
/// The <see cref="CopyOnWriteArray{T}"/> type names <see cref="CowJsonConverterFactory"/> in its <see cref="JsonConverterAttribute"/>,
/// which makes this converter; register this one yourself (in <see cref="JsonSerializerOptions.Converters"/>, or in
/// <c>[JsonSourceGenerationOptions(Converters = [typeof(...)])]</c> of a source-generated context) in a native AOT app whose
/// element types are value types, where the factory cannot close its generic converters. A registered converter
/// takes precedence over the type's attribute.
/// </remarks>
public sealed class CopyOnWriteArrayJsonConverter<T> : JsonConverter<CopyOnWriteArray<T>>
{
    /// <inheritdoc/>
    public override CopyOnWriteArray<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(PersistentArray.Create<T>(CollectionsMarshal.AsSpan(CowJson.ReadArray<T>(ref reader, typeToConvert, options))));

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, CopyOnWriteArray<T> value, JsonSerializerOptions options) =>
        CowJson.WriteArray<T, PersistentArray<T>>(writer, value.Snapshot, options);
}

/// <summary>Converts a <see cref="CopyOnWriteDictionary{TKey, TValue}"/> to and from a JSON object (of its snapshot when written).</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
/// <remarks>
/// The <see cref="CopyOnWriteDictionary{TKey, TValue}"/> type names <see cref="CowJsonConverterFactory"/> in its <see cref="JsonConverterAttribute"/>,
/// which makes this converter; register this one yourself (in <see cref="JsonSerializerOptions.Converters"/>, or in
/// <c>[JsonSourceGenerationOptions(Converters = [typeof(...)])]</c> of a source-generated context) in a native AOT app whose
/// element types are value types, where the factory cannot close its generic converters. A registered converter
/// takes precedence over the type's attribute.
/// </remarks>
public sealed class CopyOnWriteDictionaryJsonConverter<TKey, TValue> : JsonConverter<CopyOnWriteDictionary<TKey, TValue>>
    where TKey : notnull
{
    /// <inheritdoc/>
    public override CopyOnWriteDictionary<TKey, TValue> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(CowJson.ReadObject<TKey, TValue>(ref reader, typeToConvert, options));

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, CopyOnWriteDictionary<TKey, TValue> value, JsonSerializerOptions options) =>
        CowJson.WriteObject(writer, value.Snapshot, options);
}

/// <summary>Converts a <see cref="PersistentHashSet{T}"/> to and from a JSON array (in the set's enumeration order).</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>
/// The <see cref="PersistentHashSet{T}"/> type names <see cref="CowJsonConverterFactory"/> in its <see cref="JsonConverterAttribute"/>,
/// which makes this converter; register this one yourself (in <see cref="JsonSerializerOptions.Converters"/>, or in
/// <c>[JsonSourceGenerationOptions(Converters = [typeof(...)])]</c> of a source-generated context) in a native AOT app whose
/// element types are value types, where the factory cannot close its generic converters. A registered converter
/// takes precedence over the type's attribute. Reading keeps the first of equal elements.
/// </remarks>
public sealed class PersistentHashSetJsonConverter<T> : JsonConverter<PersistentHashSet<T>>
{
    /// <inheritdoc/>
    public override PersistentHashSet<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        PersistentHashSet.CreateRange(CowJson.ReadArray<T>(ref reader, typeToConvert, options));

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, PersistentHashSet<T> value, JsonSerializerOptions options) =>
        CowJson.WriteArray<T, PersistentHashSet<T>>(writer, value, options);
}

/// <summary>Converts a <see cref="CopyOnWriteSet{T}"/> to and from a JSON array (of its snapshot when written).</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>
/// The <see cref="CopyOnWriteSet{T}"/> type names <see cref="CowJsonConverterFactory"/> in its <see cref="JsonConverterAttribute"/>,
/// which makes this converter; register this one yourself (in <see cref="JsonSerializerOptions.Converters"/>, or in
/// <c>[JsonSourceGenerationOptions(Converters = [typeof(...)])]</c> of a source-generated context) in a native AOT app whose
/// element types are value types, where the factory cannot close its generic converters. A registered converter
/// takes precedence over the type's attribute. Reading keeps the first of equal elements.
/// </remarks>
public sealed class CopyOnWriteSetJsonConverter<T> : JsonConverter<CopyOnWriteSet<T>>
{
    /// <inheritdoc/>
    public override CopyOnWriteSet<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(PersistentHashSet.CreateRange(CowJson.ReadArray<T>(ref reader, typeToConvert, options)));

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, CopyOnWriteSet<T> value, JsonSerializerOptions options) =>
        CowJson.WriteArray<T, PersistentHashSet<T>>(writer, value.Snapshot, options);
}
