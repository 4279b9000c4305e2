using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CowCollections.Serialization;

/// <summary>
/// The System.Text.Json converter factory of every CowCollections collection: <see cref="PersistentList{T}"/>,
/// <see cref="PersistentArray{T}"/>, <see cref="PersistentDictionary{TKey, TValue}"/>,
/// <see cref="CopyOnWriteList{T}"/>, <see cref="CopyOnWriteArray{T}"/> and <see cref="CopyOnWriteDictionary{TKey, TValue}"/>.
/// Add it to the options, <c>new JsonSerializerOptions { Converters = { new CowJsonConverterFactory() } }</c>, or to a
/// source-generated context, <c>[JsonSourceGenerationOptions(Converters = [typeof(CowJsonConverterFactory)])]</c>.
/// </summary>
/// <remarks>
/// <para>Lists and arrays are written as JSON arrays, dictionaries as JSON objects whose property names are the keys as
/// the key type's converter writes dictionary keys (string, number, <see cref="Guid"/>, enum keys behave as they do for
/// <see cref="Dictionary{TKey, TValue}"/>), so the JSON text is the one System.Text.Json writes for
/// <c>ImmutableList</c>, <c>ImmutableArray</c> and <c>ImmutableDictionary</c>. Reading builds each collection in one
/// bulk pass (a builder or one copy of the elements), never one immutable <c>Add</c> per element; a repeated key keeps
/// its last value, as for <see cref="Dictionary{TKey, TValue}"/>. Element and key converters come from the options, so
/// nested collections, custom converters and source-generated contexts apply to the elements. In a source-generated
/// context, <see cref="CopyOnWriteArray{T}"/> cannot be named yet: the generator emits code for it that does not
/// compile; serialize it with options.</para>
/// <para>The factory makes the converter of each closed collection type with <see cref="Type.MakeGenericType"/>, which
/// native AOT cannot guarantee for every instantiation over value types; the constructor carries
/// <see cref="RequiresDynamicCodeAttribute"/> so that the AOT analyzer reports the use. That is also why the types
/// do not name the factory in a <see cref="JsonConverterAttribute"/>: the attribute would make every native AOT
/// app that references the library report the warning, whether it serializes these types or not.</para>
/// </remarks>
public sealed class CowJsonConverterFactory : JsonConverterFactory
{
    private const string DynamicCodeMessage =
        "The converter of a closed CowCollections type is made with MakeGenericType; native AOT may lack the code of a value-type instantiation.";

    /// <summary>Creates the factory.</summary>
    [RequiresDynamicCode(DynamicCodeMessage)]
    public CowJsonConverterFactory()
    {
    }

    /// <summary>Whether <paramref name="typeToConvert"/> is one of the CowCollections collection types.</summary>
    /// <param name="typeToConvert">The type to serialize or deserialize.</param>
    /// <returns><see langword="true"/> for a closed <see cref="PersistentList{T}"/>, <see cref="PersistentArray{T}"/>,
    /// <see cref="PersistentDictionary{TKey, TValue}"/>, <see cref="CopyOnWriteList{T}"/>, <see cref="CopyOnWriteArray{T}"/>
    /// or <see cref="CopyOnWriteDictionary{TKey, TValue}"/>.</returns>
    public override bool CanConvert(Type typeToConvert) => Shape(typeToConvert) != CollectionShape.None;

    /// <summary>Creates the converter of <paramref name="typeToConvert"/>.</summary>
    /// <param name="typeToConvert">A type for which <see cref="CanConvert"/> returns <see langword="true"/>.</param>
    /// <param name="options">The serializer options.</param>
    /// <returns>The converter.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="typeToConvert"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="typeToConvert"/> is not a CowCollections collection type.</exception>
    [UnconditionalSuppressMessage("AotAnalysis", "IL3050:RequiresDynamicCode",
        Justification = "The constructor carries RequiresDynamicCode, so every use of this factory is reported to the caller.")]
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(typeToConvert);
        Type[] arguments = typeToConvert.IsGenericType ? typeToConvert.GetGenericArguments() : Type.EmptyTypes;
        Type closed = Shape(typeToConvert) switch
        {
            CollectionShape.PersistentList => typeof(PersistentListJsonConverter<>).MakeGenericType(arguments),
            CollectionShape.PersistentArray => typeof(PersistentArrayJsonConverter<>).MakeGenericType(arguments),
            CollectionShape.PersistentDictionary => typeof(PersistentDictionaryJsonConverter<,>).MakeGenericType(arguments),
            CollectionShape.CopyOnWriteList => typeof(CopyOnWriteListJsonConverter<>).MakeGenericType(arguments),
            CollectionShape.CopyOnWriteArray => typeof(CopyOnWriteArrayJsonConverter<>).MakeGenericType(arguments),
            CollectionShape.CopyOnWriteDictionary => typeof(CopyOnWriteDictionaryJsonConverter<,>).MakeGenericType(arguments),
            _ => throw new ArgumentException($"{typeToConvert} is not a CowCollections collection type.", nameof(typeToConvert)),
        };
        return (JsonConverter)Activator.CreateInstance(closed)!;
    }

    private enum CollectionShape
    {
        None,
        PersistentList,
        PersistentArray,
        PersistentDictionary,
        CopyOnWriteList,
        CopyOnWriteArray,
        CopyOnWriteDictionary,
    }

    private static CollectionShape Shape(Type typeToConvert)
    {
        if (typeToConvert is null || !typeToConvert.IsGenericType || typeToConvert.IsGenericTypeDefinition)
        {
            return CollectionShape.None;
        }

        Type definition = typeToConvert.GetGenericTypeDefinition();
        return definition == typeof(PersistentList<>) ? CollectionShape.PersistentList
            : definition == typeof(PersistentArray<>) ? CollectionShape.PersistentArray
            : definition == typeof(PersistentDictionary<,>) ? CollectionShape.PersistentDictionary
            : definition == typeof(CopyOnWriteList<>) ? CollectionShape.CopyOnWriteList
            : definition == typeof(CopyOnWriteArray<>) ? CollectionShape.CopyOnWriteArray
            : definition == typeof(CopyOnWriteDictionary<,>) ? CollectionShape.CopyOnWriteDictionary
            : CollectionShape.None;
    }
}
