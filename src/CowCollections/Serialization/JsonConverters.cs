using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CowCollections.Serialization;

/// <summary>Reads and writes elements and dictionary entries with the converters the options give for their types.</summary>
internal static class CowJson
{
    // GetTypeInfo goes through the options' resolver (reflection or a source-generated context), so it is trim- and
    // AOT-safe where GetConverter is not; its converter is the one the serializer itself uses for T.
    public static JsonConverter<T> Converter<T>(JsonSerializerOptions options) => (JsonConverter<T>)options.GetTypeInfo(typeof(T)).Converter;

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
internal sealed class PersistentListJsonConverter<T> : JsonConverter<PersistentList<T>>
{
    public override PersistentList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        PersistentList.Create<T>(CollectionsMarshal.AsSpan(CowJson.ReadArray<T>(ref reader, typeToConvert, options)));

    public override void Write(Utf8JsonWriter writer, PersistentList<T> value, JsonSerializerOptions options) =>
        CowJson.WriteArray<T, PersistentList<T>>(writer, value, options);
}

/// <summary>Converts a <see cref="PersistentArray{T}"/> to and from a JSON array.</summary>
internal sealed class PersistentArrayJsonConverter<T> : JsonConverter<PersistentArray<T>>
{
    public override PersistentArray<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        PersistentArray.Create<T>(CollectionsMarshal.AsSpan(CowJson.ReadArray<T>(ref reader, typeToConvert, options)));

    public override void Write(Utf8JsonWriter writer, PersistentArray<T> value, JsonSerializerOptions options) =>
        CowJson.WriteArray<T, PersistentArray<T>>(writer, value, options);
}

/// <summary>Converts a <see cref="PersistentDictionary{TKey, TValue}"/> to and from a JSON object.</summary>
internal sealed class PersistentDictionaryJsonConverter<TKey, TValue> : JsonConverter<PersistentDictionary<TKey, TValue>>
    where TKey : notnull
{
    public override PersistentDictionary<TKey, TValue> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        CowJson.ReadObject<TKey, TValue>(ref reader, typeToConvert, options);

    public override void Write(Utf8JsonWriter writer, PersistentDictionary<TKey, TValue> value, JsonSerializerOptions options) =>
        CowJson.WriteObject(writer, value, options);
}

/// <summary>Converts a <see cref="CopyOnWriteList{T}"/> to and from a JSON array (of its snapshot when written).</summary>
internal sealed class CopyOnWriteListJsonConverter<T> : JsonConverter<CopyOnWriteList<T>>
{
    public override CopyOnWriteList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(PersistentList.Create<T>(CollectionsMarshal.AsSpan(CowJson.ReadArray<T>(ref reader, typeToConvert, options))));

    public override void Write(Utf8JsonWriter writer, CopyOnWriteList<T> value, JsonSerializerOptions options) =>
        CowJson.WriteArray<T, PersistentList<T>>(writer, value.Snapshot, options);
}

/// <summary>Converts a <see cref="CopyOnWriteArray{T}"/> to and from a JSON array (of its snapshot when written).</summary>
internal sealed class CopyOnWriteArrayJsonConverter<T> : JsonConverter<CopyOnWriteArray<T>>
{
    public override CopyOnWriteArray<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(PersistentArray.Create<T>(CollectionsMarshal.AsSpan(CowJson.ReadArray<T>(ref reader, typeToConvert, options))));

    public override void Write(Utf8JsonWriter writer, CopyOnWriteArray<T> value, JsonSerializerOptions options) =>
        CowJson.WriteArray<T, PersistentArray<T>>(writer, value.Snapshot, options);
}

/// <summary>Converts a <see cref="CopyOnWriteDictionary{TKey, TValue}"/> to and from a JSON object (of its snapshot when written).</summary>
internal sealed class CopyOnWriteDictionaryJsonConverter<TKey, TValue> : JsonConverter<CopyOnWriteDictionary<TKey, TValue>>
    where TKey : notnull
{
    public override CopyOnWriteDictionary<TKey, TValue> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(CowJson.ReadObject<TKey, TValue>(ref reader, typeToConvert, options));

    public override void Write(Utf8JsonWriter writer, CopyOnWriteDictionary<TKey, TValue> value, JsonSerializerOptions options) =>
        CowJson.WriteObject(writer, value.Snapshot, options);
}
