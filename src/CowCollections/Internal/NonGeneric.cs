using System;
using System.Collections;
using System.Collections.Generic;

namespace CowCollections.Internal;

/// <summary>
/// The object-typed checks behind the explicit <see cref="IList"/>, <see cref="ICollection"/> and
/// <see cref="IDictionary"/> members, with the exceptions and parameter names of <c>List&lt;T&gt;</c> and
/// <c>Dictionary&lt;TKey, TValue&gt;</c>.
/// </summary>
internal static class NonGeneric
{
    /// <summary>The <c>ICollection.SyncRoot</c> of a collection that keeps it in <paramref name="field"/>: made on first use, once.</summary>
    public static object SyncRoot(ref object? field)
    {
        if (field is null)
        {
            System.Threading.Interlocked.CompareExchange(ref field, new object(), null);
        }

        return field;
    }

    /// <summary>True when <paramref name="value"/> can be stored as a <typeparamref name="T"/> (null only for a nullable type).</summary>
    public static bool IsCompatible<T>(object? value) => value is T || (value is null && default(T) is null);

    /// <summary>
    /// <paramref name="value"/> as a <typeparamref name="T"/>: null for a non-nullable type throws
    /// <see cref="ArgumentNullException"/> named <paramref name="nullName"/>, another type throws
    /// <see cref="ArgumentException"/> named <paramref name="wrongTypeName"/>.
    /// </summary>
    public static T Cast<T>(object? value, string nullName, string wrongTypeName)
    {
        if (value is T item)
        {
            return item;
        }

        if (value is null)
        {
            if (default(T) is null)
            {
                return default!;
            }

            throw new ArgumentNullException(nullName);
        }

        throw new ArgumentException($"The value \"{value}\" is not of type \"{typeof(T)}\" and cannot be used in this generic collection.", wrongTypeName);
    }

    /// <summary>
    /// Copies <paramref name="count"/> <paramref name="items"/> to <paramref name="array"/> from <paramref name="index"/>,
    /// as <c>List&lt;T&gt;</c>'s <c>ICollection.CopyTo</c>: a multi-dimensional array or one whose element type cannot hold
    /// a <typeparamref name="T"/> is an <see cref="ArgumentException"/>.
    /// </summary>
    public static void CopyTo<T>(IEnumerable<T> items, int count, Array array, int index)
    {
        CheckArray(array, index, count);
        if (array is T[] typed)
        {
            foreach (var item in items)
            {
                typed[index++] = item;
            }

            return;
        }

        // As List<T> (Array.Copy): boxing into object[] and widening primitives (int into long[]) are allowed.
        var copy = new T[count];
        int at = 0;
        foreach (var item in items)
        {
            copy[at++] = item;
        }

        try
        {
            Array.Copy(copy, 0, array, index, count);
        }
        catch (Exception e) when (e is ArrayTypeMismatchException or InvalidCastException)
        {
            throw IncompatibleArray(array, typeof(T), e);
        }
    }

    /// <summary>The checks shared by every <c>ICollection.CopyTo</c>: not null, one dimension from zero, room from <paramref name="index"/>.</summary>
    public static void CheckArray(Array? array, int index, int count)
    {
        Requires.NotNull(array);
        if (array.Rank != 1)
        {
            throw new ArgumentException("Only single dimensional arrays are supported for the requested action.", nameof(array));
        }

        if (array.GetLowerBound(0) != 0)
        {
            throw new ArgumentException("The lower bound of the target array must be zero.", nameof(array));
        }

        Requires.CopyTarget(array, index, count);
    }

    private static ArgumentException IncompatibleArray(Array array, Type elementType, Exception? inner) =>
        new($"An array of {array.GetType().GetElementType()} cannot hold elements of type {elementType}.", nameof(array), inner);
}

/// <summary>The <see cref="IDictionaryEnumerator"/> of a dictionary's entries, as <c>IDictionary.GetEnumerator</c> returns it.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
internal sealed class DictionaryEnumerator<TKey, TValue> : IDictionaryEnumerator
    where TKey : notnull
{
    private readonly IEnumerator<KeyValuePair<TKey, TValue>> _inner;

    public DictionaryEnumerator(IEnumerator<KeyValuePair<TKey, TValue>> inner) => _inner = inner;

    public DictionaryEntry Entry => new(_inner.Current.Key, _inner.Current.Value);

    public object Key => _inner.Current.Key;

    public object? Value => _inner.Current.Value;

    public object Current => Entry;

    public bool MoveNext() => _inner.MoveNext();

    public void Reset() => _inner.Reset();
}

/// <summary>The <c>ICollection.CopyTo</c> of a dictionary's entries.</summary>
internal static class NonGenericEntries
{
    /// <summary>
    /// Copies <paramref name="count"/> entries to <paramref name="array"/> from <paramref name="index"/>: as
    /// <c>KeyValuePair&lt;TKey, TValue&gt;</c> into an array of them, otherwise as <see cref="DictionaryEntry"/>
    /// (into a <see cref="DictionaryEntry"/>[] or an <see cref="object"/>[], as <c>ImmutableDictionary</c> writes them);
    /// any other array is an <see cref="ArgumentException"/>.
    /// </summary>
    public static void CopyTo<TKey, TValue>(IEnumerable<KeyValuePair<TKey, TValue>> entries, int count, Array array, int index)
        where TKey : notnull
    {
        NonGeneric.CheckArray(array, index, count);
        switch (array)
        {
            case KeyValuePair<TKey, TValue>[] pairs:
                foreach (var entry in entries)
                {
                    pairs[index++] = entry;
                }

                return;
            case DictionaryEntry[] dictionaryEntries:
                foreach (var entry in entries)
                {
                    dictionaryEntries[index++] = new DictionaryEntry(entry.Key, entry.Value);
                }

                return;
            case object[] objects when objects.GetType() == typeof(object[]):
                foreach (var entry in entries)
                {
                    objects[index++] = new DictionaryEntry(entry.Key, entry.Value);
                }

                return;
            default:
                throw new ArgumentException($"An array of {array.GetType().GetElementType()} cannot hold the entries of a dictionary; use KeyValuePair<TKey, TValue>[], DictionaryEntry[] or object[].", nameof(array));
        }
    }
}
