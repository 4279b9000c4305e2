using System;
using System.Collections.Generic;
using System.Linq;

namespace CowCollections;

/// <summary>Factory methods for <see cref="PersistentDictionary{TKey, TValue}"/>, mirroring <c>System.Collections.Immutable.ImmutableDictionary</c>.</summary>
public static class PersistentDictionary
{
    /// <summary>The empty dictionary with the default comparers. O(1), no allocation.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    public static PersistentDictionary<TKey, TValue> Create<TKey, TValue>()
        where TKey : notnull => PersistentDictionary<TKey, TValue>.Empty;

    /// <summary>An empty dictionary using <paramref name="keyComparer"/>. O(1).</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="keyComparer">The key comparer; null for the default.</param>
    public static PersistentDictionary<TKey, TValue> Create<TKey, TValue>(IEqualityComparer<TKey>? keyComparer)
        where TKey : notnull => PersistentDictionary<TKey, TValue>.EmptyWith(keyComparer, null);

    /// <summary>An empty dictionary using <paramref name="keyComparer"/> and <paramref name="valueComparer"/>. O(1).</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="keyComparer">The key comparer; null for the default.</param>
    /// <param name="valueComparer">The value comparer; null for the default.</param>
    public static PersistentDictionary<TKey, TValue> Create<TKey, TValue>(IEqualityComparer<TKey>? keyComparer, IEqualityComparer<TValue>? valueComparer)
        where TKey : notnull => PersistentDictionary<TKey, TValue>.EmptyWith(keyComparer, valueComparer);

    /// <summary>
    /// A dictionary of <paramref name="items"/> where a later duplicate key wins (as <c>SetItem</c>: an equal value keeps
    /// the first key object); the target of collection expressions. Built in one sorted pass, not one insertion per
    /// entry. O(n log n).
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="items">The entries.</param>
    /// <exception cref="ArgumentNullException">A key is null.</exception>
    public static PersistentDictionary<TKey, TValue> Create<TKey, TValue>(ReadOnlySpan<KeyValuePair<TKey, TValue>> items)
        where TKey : notnull => PersistentDictionary<TKey, TValue>.CreateFrom(items);

    /// <summary>A dictionary of <paramref name="items"/>, which must not repeat a key with different values (as <c>ImmutableDictionary.CreateRange</c>). O(n).</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="items">The entries.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or a key is null.</exception>
    /// <exception cref="ArgumentException">A key repeats with a different value.</exception>
    public static PersistentDictionary<TKey, TValue> CreateRange<TKey, TValue>(IEnumerable<KeyValuePair<TKey, TValue>> items)
        where TKey : notnull => PersistentDictionary<TKey, TValue>.Empty.AddRange(items);

    /// <summary>A dictionary of <paramref name="items"/> using <paramref name="keyComparer"/>. O(n).</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="keyComparer">The key comparer; null for the default.</param>
    /// <param name="items">The entries.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or a key is null.</exception>
    /// <exception cref="ArgumentException">A key repeats with a different value.</exception>
    public static PersistentDictionary<TKey, TValue> CreateRange<TKey, TValue>(IEqualityComparer<TKey>? keyComparer, IEnumerable<KeyValuePair<TKey, TValue>> items)
        where TKey : notnull => PersistentDictionary<TKey, TValue>.EmptyWith(keyComparer, null).AddRange(items);

    /// <summary>A dictionary of <paramref name="items"/> using <paramref name="keyComparer"/> and <paramref name="valueComparer"/>. O(n).</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="keyComparer">The key comparer; null for the default.</param>
    /// <param name="valueComparer">The value comparer; null for the default.</param>
    /// <param name="items">The entries.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or a key is null.</exception>
    /// <exception cref="ArgumentException">A key repeats with a different value.</exception>
    public static PersistentDictionary<TKey, TValue> CreateRange<TKey, TValue>(IEqualityComparer<TKey>? keyComparer, IEqualityComparer<TValue>? valueComparer, IEnumerable<KeyValuePair<TKey, TValue>> items)
        where TKey : notnull => PersistentDictionary<TKey, TValue>.EmptyWith(keyComparer, valueComparer).AddRange(items);

    /// <summary>A new empty builder with the default comparers. O(1).</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    public static PersistentDictionary<TKey, TValue>.Builder CreateBuilder<TKey, TValue>()
        where TKey : notnull => PersistentDictionary<TKey, TValue>.Empty.ToBuilder();

    /// <summary>A new empty builder using <paramref name="keyComparer"/>. O(1).</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="keyComparer">The key comparer; null for the default.</param>
    public static PersistentDictionary<TKey, TValue>.Builder CreateBuilder<TKey, TValue>(IEqualityComparer<TKey>? keyComparer)
        where TKey : notnull => PersistentDictionary<TKey, TValue>.EmptyWith(keyComparer, null).ToBuilder();

    /// <summary>A new empty builder using <paramref name="keyComparer"/> and <paramref name="valueComparer"/>. O(1).</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="keyComparer">The key comparer; null for the default.</param>
    /// <param name="valueComparer">The value comparer; null for the default.</param>
    public static PersistentDictionary<TKey, TValue>.Builder CreateBuilder<TKey, TValue>(IEqualityComparer<TKey>? keyComparer, IEqualityComparer<TValue>? valueComparer)
        where TKey : notnull => PersistentDictionary<TKey, TValue>.EmptyWith(keyComparer, valueComparer).ToBuilder();

    /// <summary>A dictionary of the entries of <paramref name="source"/> with the default comparers. O(n).</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="source">The entries.</param>
    /// <remarks>A key that repeats (by the key comparer) takes its last value: a later duplicate wins, as in
    /// <see cref="PersistentDictionary{TKey, TValue}.SetItems"/>. (<c>ToImmutableDictionary</c> throws
    /// <see cref="ArgumentException"/> when a key repeats with a different value; use <see cref="CreateRange{TKey, TValue}(IEnumerable{KeyValuePair{TKey, TValue}})"/> for that.)
    /// The dictionary is built in one bulk pass.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or a key is null.</exception>
    public static PersistentDictionary<TKey, TValue> ToPersistentDictionary<TKey, TValue>(this IEnumerable<KeyValuePair<TKey, TValue>> source)
        where TKey : notnull => ToPersistentDictionary(source, null, null);

    /// <summary>A dictionary of the entries of <paramref name="source"/> using <paramref name="keyComparer"/>. O(n).</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="source">The entries.</param>
    /// <param name="keyComparer">The key comparer; null for the default.</param>
    /// <remarks>A key that repeats (by the key comparer) takes its last value: a later duplicate wins, as in
    /// <see cref="PersistentDictionary{TKey, TValue}.SetItems"/>. (<c>ToImmutableDictionary</c> throws
    /// <see cref="ArgumentException"/> when a key repeats with a different value; use <see cref="CreateRange{TKey, TValue}(IEnumerable{KeyValuePair{TKey, TValue}})"/> for that.)
    /// The dictionary is built in one bulk pass.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or a key is null.</exception>
    public static PersistentDictionary<TKey, TValue> ToPersistentDictionary<TKey, TValue>(this IEnumerable<KeyValuePair<TKey, TValue>> source, IEqualityComparer<TKey>? keyComparer)
        where TKey : notnull => ToPersistentDictionary(source, keyComparer, null);

    /// <summary>A dictionary of the entries of <paramref name="source"/> using <paramref name="keyComparer"/> and <paramref name="valueComparer"/>. O(n).</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="source">The entries.</param>
    /// <param name="keyComparer">The key comparer; null for the default.</param>
    /// <param name="valueComparer">The value comparer; null for the default.</param>
    /// <remarks>A key that repeats (by the key comparer) takes its last value: a later duplicate wins, as in
    /// <see cref="PersistentDictionary{TKey, TValue}.SetItems"/>. (<c>ToImmutableDictionary</c> throws
    /// <see cref="ArgumentException"/> when a key repeats with a different value; use <see cref="CreateRange{TKey, TValue}(IEnumerable{KeyValuePair{TKey, TValue}})"/> for that.)
    /// The dictionary is built in one bulk pass.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or a key is null.</exception>
    public static PersistentDictionary<TKey, TValue> ToPersistentDictionary<TKey, TValue>(this IEnumerable<KeyValuePair<TKey, TValue>> source, IEqualityComparer<TKey>? keyComparer, IEqualityComparer<TValue>? valueComparer)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        return PersistentDictionary<TKey, TValue>.EmptyWith(keyComparer, valueComparer).SetItems(source);
    }

    /// <summary>A dictionary of <paramref name="source"/>'s elements keyed by <paramref name="keySelector"/>. O(n).</summary>
    /// <typeparam name="TSource">The element type, which is also the value type.</typeparam>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <param name="source">The elements.</param>
    /// <param name="keySelector">Computes each key.</param>
    /// <remarks>A key that repeats (by the key comparer) takes its last value: a later duplicate wins, as in
    /// <see cref="PersistentDictionary{TKey, TValue}.SetItems"/>. (<c>ToImmutableDictionary</c> throws
    /// <see cref="ArgumentException"/> when a key repeats with a different value; use <see cref="CreateRange{TKey, TValue}(IEnumerable{KeyValuePair{TKey, TValue}})"/> for that.)
    /// The dictionary is built in one bulk pass.</remarks>
    /// <exception cref="ArgumentNullException">An argument or a computed key is null.</exception>
    public static PersistentDictionary<TKey, TSource> ToPersistentDictionary<TSource, TKey>(this IEnumerable<TSource> source, Func<TSource, TKey> keySelector)
        where TKey : notnull => ToPersistentDictionary(source, keySelector, static item => item, null, null);

    /// <summary>A dictionary of <paramref name="source"/>'s elements keyed by <paramref name="keySelector"/> using <paramref name="keyComparer"/>. O(n).</summary>
    /// <typeparam name="TSource">The element type, which is also the value type.</typeparam>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <param name="source">The elements.</param>
    /// <param name="keySelector">Computes each key.</param>
    /// <param name="keyComparer">The key comparer; null for the default.</param>
    /// <remarks>A key that repeats (by the key comparer) takes its last value: a later duplicate wins, as in
    /// <see cref="PersistentDictionary{TKey, TValue}.SetItems"/>. (<c>ToImmutableDictionary</c> throws
    /// <see cref="ArgumentException"/> when a key repeats with a different value; use <see cref="CreateRange{TKey, TValue}(IEnumerable{KeyValuePair{TKey, TValue}})"/> for that.)
    /// The dictionary is built in one bulk pass.</remarks>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="keyComparer"/>, or a computed key, is null.</exception>
    public static PersistentDictionary<TKey, TSource> ToPersistentDictionary<TSource, TKey>(this IEnumerable<TSource> source, Func<TSource, TKey> keySelector, IEqualityComparer<TKey>? keyComparer)
        where TKey : notnull => ToPersistentDictionary(source, keySelector, static item => item, keyComparer, null);

    /// <summary>A dictionary of <paramref name="source"/>'s elements keyed by <paramref name="keySelector"/>, a later duplicate key winning. O(n).</summary>
    /// <typeparam name="TSource">The element type.</typeparam>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="source">The elements.</param>
    /// <param name="keySelector">Computes each key.</param>
    /// <param name="elementSelector">Computes each value (named as in <c>ToImmutableDictionary</c>).</param>
    /// <remarks>A key that repeats (by the key comparer) takes its last value: a later duplicate wins, as in
    /// <see cref="PersistentDictionary{TKey, TValue}.SetItems"/>. (<c>ToImmutableDictionary</c> throws
    /// <see cref="ArgumentException"/> when a key repeats with a different value; use <see cref="CreateRange{TKey, TValue}(IEnumerable{KeyValuePair{TKey, TValue}})"/> for that.)
    /// The dictionary is built in one bulk pass.</remarks>
    /// <exception cref="ArgumentNullException">An argument or a computed key is null.</exception>
    public static PersistentDictionary<TKey, TValue> ToPersistentDictionary<TSource, TKey, TValue>(this IEnumerable<TSource> source, Func<TSource, TKey> keySelector, Func<TSource, TValue> elementSelector)
        where TKey : notnull => ToPersistentDictionary(source, keySelector, elementSelector, null, null);

    /// <summary>A dictionary of <paramref name="source"/>'s elements keyed by <paramref name="keySelector"/> using <paramref name="keyComparer"/>. O(n).</summary>
    /// <typeparam name="TSource">The element type.</typeparam>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="source">The elements.</param>
    /// <param name="keySelector">Computes each key.</param>
    /// <param name="elementSelector">Computes each value.</param>
    /// <param name="keyComparer">The key comparer; null for the default.</param>
    /// <remarks>A key that repeats (by the key comparer) takes its last value: a later duplicate wins, as in
    /// <see cref="PersistentDictionary{TKey, TValue}.SetItems"/>. (<c>ToImmutableDictionary</c> throws
    /// <see cref="ArgumentException"/> when a key repeats with a different value; use <see cref="CreateRange{TKey, TValue}(IEnumerable{KeyValuePair{TKey, TValue}})"/> for that.)
    /// The dictionary is built in one bulk pass.</remarks>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="keyComparer"/>, or a computed key, is null.</exception>
    public static PersistentDictionary<TKey, TValue> ToPersistentDictionary<TSource, TKey, TValue>(this IEnumerable<TSource> source, Func<TSource, TKey> keySelector, Func<TSource, TValue> elementSelector, IEqualityComparer<TKey>? keyComparer)
        where TKey : notnull => ToPersistentDictionary(source, keySelector, elementSelector, keyComparer, null);

    /// <summary>A dictionary of <paramref name="source"/>'s elements keyed by <paramref name="keySelector"/> using <paramref name="keyComparer"/> and <paramref name="valueComparer"/>. O(n).</summary>
    /// <typeparam name="TSource">The element type.</typeparam>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="source">The elements.</param>
    /// <param name="keySelector">Computes each key.</param>
    /// <param name="elementSelector">Computes each value.</param>
    /// <param name="keyComparer">The key comparer; null for the default.</param>
    /// <param name="valueComparer">The value comparer; null for the default.</param>
    /// <remarks>A key that repeats (by the key comparer) takes its last value: a later duplicate wins, as in
    /// <see cref="PersistentDictionary{TKey, TValue}.SetItems"/>. (<c>ToImmutableDictionary</c> throws
    /// <see cref="ArgumentException"/> when a key repeats with a different value; use <see cref="CreateRange{TKey, TValue}(IEnumerable{KeyValuePair{TKey, TValue}})"/> for that.)
    /// The dictionary is built in one bulk pass.</remarks>
    /// <exception cref="ArgumentNullException">An argument other than the comparers, or a computed key, is null.</exception>
    public static PersistentDictionary<TKey, TValue> ToPersistentDictionary<TSource, TKey, TValue>(this IEnumerable<TSource> source, Func<TSource, TKey> keySelector, Func<TSource, TValue> elementSelector, IEqualityComparer<TKey>? keyComparer, IEqualityComparer<TValue>? valueComparer)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(keySelector);
        ArgumentNullException.ThrowIfNull(elementSelector);
        // One bulk SetItems on an empty dictionary with the comparers; a null key is reported as ToImmutableDictionary reports it.
        return PersistentDictionary<TKey, TValue>.EmptyWith(keyComparer, valueComparer)
            .SetItems(source.Select(item => new KeyValuePair<TKey, TValue>(keySelector(item), elementSelector(item))));
    }

    /// <summary>The builder's current contents as a dictionary: <see cref="PersistentDictionary{TKey, TValue}.Builder.ToImmutable"/>. O(1).</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static PersistentDictionary<TKey, TValue> ToPersistentDictionary<TKey, TValue>(this PersistentDictionary<TKey, TValue>.Builder builder)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ToImmutable();
    }
}
