using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CowCollections.Serialization;

/// <summary>
/// The System.Text.Json converter factory of every CowCollections collection: <see cref="PersistentList{T}"/>,
/// <see cref="PersistentArray{T}"/>, <see cref="PersistentDictionary{TKey, TValue}"/>, <see cref="PersistentHashSet{T}"/>,
/// <see cref="CopyOnWriteList{T}"/>, <see cref="CopyOnWriteArray{T}"/>, <see cref="CopyOnWriteDictionary{TKey, TValue}"/> and
/// <see cref="CopyOnWriteSet{T}"/>.
/// Add it to the options, <c>new JsonSerializerOptions { Converters = { new CowJsonConverterFactory() } }</c>, or to a
/// source-generated context, <c>[JsonSourceGenerationOptions(Converters = [typeof(CowJsonConverterFactory)])]</c>.
/// </summary>
/// <remarks>
/// <para>The eight types name this factory in a <see cref="JsonConverterAttribute"/>, so
/// <c>JsonSerializer.Serialize(list)</c> and <c>JsonSerializer.Deserialize&lt;PersistentList&lt;int&gt;&gt;(json)</c> work with
/// no options, and a source-generated context honours the attribute with nothing registered.</para>
/// <para>Lists, arrays and sets are written as JSON arrays, dictionaries as JSON objects whose property names are the keys as
/// the key type's converter writes dictionary keys (string, number, <see cref="Guid"/>, enum keys behave as they do for
/// <see cref="Dictionary{TKey, TValue}"/>), so the JSON text is the one System.Text.Json writes for
/// <c>ImmutableList</c>, <c>ImmutableArray</c>, <c>ImmutableHashSet</c> and <c>ImmutableDictionary</c>. Reading builds each collection in one
/// bulk pass (a builder or one copy of the elements), never one immutable <c>Add</c> per element; a repeated key keeps
/// its last value, as for <see cref="Dictionary{TKey, TValue}"/>. Element and key converters come from the options, so
/// nested collections, custom converters and source-generated contexts apply to the elements. In a source-generated
/// context, <see cref="CopyOnWriteArray{T}"/> cannot be named yet: the generator emits code for it that does not
/// compile; serialize it with options.</para>
/// <para>Native AOT: the factory closes its generic converters (<see cref="PersistentListJsonConverter{T}"/> and the
/// others) at run time. Over reference types that always works, since the closed converter runs on code shared by
/// every reference type. Over a value type the code exists only when something in the app compiled that instantiation;
/// when it is missing the factory throws a <see cref="NotSupportedException"/> that names the converter to register,
/// for example <c>[JsonSourceGenerationOptions(Converters = [typeof(PersistentListJsonConverter&lt;int&gt;)])]</c>.
/// A registered converter takes precedence over the attribute, and needs no code generated at run time.</para>
/// </remarks>
public sealed class CowJsonConverterFactory : JsonConverterFactory
{
    /// <summary>Creates the factory.</summary>
    public CowJsonConverterFactory()
    {
    }

    /// <summary>Whether <paramref name="typeToConvert"/> is one of the CowCollections collection types.</summary>
    /// <param name="typeToConvert">The type to serialize or deserialize.</param>
    /// <returns><see langword="true"/> for a closed <see cref="PersistentList{T}"/>, <see cref="PersistentArray{T}"/>,
    /// <see cref="PersistentDictionary{TKey, TValue}"/>, <see cref="PersistentHashSet{T}"/>, <see cref="CopyOnWriteList{T}"/>,
    /// <see cref="CopyOnWriteArray{T}"/>, <see cref="CopyOnWriteDictionary{TKey, TValue}"/> or <see cref="CopyOnWriteSet{T}"/>.</returns>
    public override bool CanConvert(Type typeToConvert) => Shape(typeToConvert) != CollectionShape.None;

    /// <summary>Creates the converter of <paramref name="typeToConvert"/>.</summary>
    /// <param name="typeToConvert">A type for which <see cref="CanConvert"/> returns <see langword="true"/>.</param>
    /// <param name="options">The serializer options.</param>
    /// <returns>The converter.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="typeToConvert"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="typeToConvert"/> is not a CowCollections collection type.</exception>
    /// <exception cref="NotSupportedException">Native AOT: the app has no compiled code for this value-type instantiation
    /// (the message names the converter to register instead).</exception>
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(typeToConvert);
        Type definition = Shape(typeToConvert) switch
        {
            CollectionShape.PersistentList => typeof(PersistentListJsonConverter<>),
            CollectionShape.PersistentArray => typeof(PersistentArrayJsonConverter<>),
            CollectionShape.PersistentDictionary => typeof(PersistentDictionaryJsonConverter<,>),
            CollectionShape.CopyOnWriteList => typeof(CopyOnWriteListJsonConverter<>),
            CollectionShape.CopyOnWriteArray => typeof(CopyOnWriteArrayJsonConverter<>),
            CollectionShape.CopyOnWriteDictionary => typeof(CopyOnWriteDictionaryJsonConverter<,>),
            CollectionShape.PersistentHashSet => typeof(PersistentHashSetJsonConverter<>),
            CollectionShape.CopyOnWriteSet => typeof(CopyOnWriteSetJsonConverter<>),
            _ => throw new ArgumentException($"{typeToConvert} is not a CowCollections collection type.", nameof(typeToConvert)),
        };
        Type[] arguments = typeToConvert.GetGenericArguments();
        try
        {
            return Close(definition, arguments);
        }
        catch (Exception e) when (!RuntimeFeature.IsDynamicCodeSupported && e is NotSupportedException or TypeLoadException or MissingMethodException or InvalidOperationException)
        {
            string name = $"{definition.Name[..definition.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", Array.ConvertAll(arguments, a => a.Name))}>";
            throw new NotSupportedException(
                $"Native AOT has no code for the JSON converter of {typeToConvert}. Register typeof({name}) " +
                "in JsonSerializerOptions.Converters or in [JsonSourceGenerationOptions(Converters = [...])]; it takes precedence over the type's [JsonConverter] attribute.", e);
        }
    }

    // The one place a converter is closed at run time. Under native AOT an instantiation over reference types runs on the
    // shared canonical code the compiler always keeps (the DynamicDependency attributes keep the converters' constructors);
    // one over a value type exists only if the app compiled it, and CreateConverter turns its absence into a
    // NotSupportedException that names the converter to register, so the warning would only repeat that to every app.
    [UnconditionalSuppressMessage("AotAnalysis", "IL3050:RequiresDynamicCode",
        Justification = "Reference-type instantiations run on shared code; a missing value-type instantiation is reported by CreateConverter with the converter to register.")]
    [UnconditionalSuppressMessage("Trimming", "IL2055", Justification = "The generic definitions are kept by the DynamicDependency attributes.")]
    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = "The converters' public constructors are kept by the DynamicDependency attributes.")]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "The converters' public constructors are kept by the DynamicDependency attributes.")]
    [UnconditionalSuppressMessage("Trimming", "IL2071", Justification = "The converters' type parameters carry no trimming annotation.")]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, typeof(PersistentListJsonConverter<>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, typeof(PersistentArrayJsonConverter<>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, typeof(PersistentDictionaryJsonConverter<,>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, typeof(CopyOnWriteListJsonConverter<>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, typeof(CopyOnWriteArrayJsonConverter<>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, typeof(CopyOnWriteDictionaryJsonConverter<,>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, typeof(PersistentHashSetJsonConverter<>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, typeof(CopyOnWriteSetJsonConverter<>))]
    private static JsonConverter Close(Type definition, Type[] arguments) =>
        (JsonConverter)Activator.CreateInstance(definition.MakeGenericType(arguments))!;

    private enum CollectionShape
    {
        None,
        PersistentList,
        PersistentArray,
        PersistentDictionary,
        CopyOnWriteList,
        CopyOnWriteArray,
        CopyOnWriteDictionary,
        PersistentHashSet,
        CopyOnWriteSet,
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
            : definition == typeof(PersistentHashSet<>) ? CollectionShape.PersistentHashSet
            : definition == typeof(CopyOnWriteSet<>) ? CollectionShape.CopyOnWriteSet
            : CollectionShape.None;
    }
}
