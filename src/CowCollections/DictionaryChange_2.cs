using System;
using System.Collections.Generic;

namespace CowCollections;

/// <summary>What happened to one key between two versions of a dictionary; see <see cref="PersistentDictionary{TKey, TValue}.Diff(PersistentDictionary{TKey, TValue})"/>.</summary>
public enum DictionaryChangeKind
{
    /// <summary>The key is only in the newer version.</summary>
    Added,

    /// <summary>The key is only in the older version.</summary>
    Removed,

    /// <summary>The key is in both versions with values that the value comparer finds unequal.</summary>
    Changed,
}

/// <summary>One difference between two versions of a dictionary: the key, its old value (if it had one) and its new value (if it has one).</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public readonly struct DictionaryChange<TKey, TValue> : IEquatable<DictionaryChange<TKey, TValue>>
{
    /// <summary>A change record. O(1).</summary>
    /// <param name="kind">Added, Removed or Changed.</param>
    /// <param name="key">The key.</param>
    /// <param name="oldValue">The value in the older version (default for <see cref="DictionaryChangeKind.Added"/>).</param>
    /// <param name="newValue">The value in the newer version (default for <see cref="DictionaryChangeKind.Removed"/>).</param>
    public DictionaryChange(DictionaryChangeKind kind, TKey key, TValue? oldValue, TValue? newValue)
    {
        Kind = kind;
        Key = key;
        OldValue = oldValue;
        NewValue = newValue;
    }

    /// <summary>Added, Removed or Changed.</summary>
    public DictionaryChangeKind Kind { get; }

    /// <summary>The key that differs (as stored in the older version for Removed and Changed, in the newer one for Added).</summary>
    public TKey Key { get; }

    /// <summary>The value in the older version; default when <see cref="Kind"/> is <see cref="DictionaryChangeKind.Added"/>.</summary>
    public TValue? OldValue { get; }

    /// <summary>The value in the newer version; default when <see cref="Kind"/> is <see cref="DictionaryChangeKind.Removed"/>.</summary>
    public TValue? NewValue { get; }

    /// <summary>Compares kind, key and both values with the default comparers. O(1).</summary>
    /// <param name="other">The other change.</param>
    public bool Equals(DictionaryChange<TKey, TValue> other) =>
        Kind == other.Kind
        && EqualityComparer<TKey>.Default.Equals(Key, other.Key)
        && EqualityComparer<TValue?>.Default.Equals(OldValue, other.OldValue)
        && EqualityComparer<TValue?>.Default.Equals(NewValue, other.NewValue);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DictionaryChange<TKey, TValue> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Key, OldValue, NewValue);

    /// <summary>For example <c>Changed timeout: 30 -> 60</c>.</summary>
    public override string ToString() => Kind switch
    {
        DictionaryChangeKind.Added => $"Added {Key}: {NewValue}",
        DictionaryChangeKind.Removed => $"Removed {Key}: {OldValue}",
        _ => $"Changed {Key}: {OldValue} -> {NewValue}",
    };

    /// <summary>Equal kind, key and values.</summary>
    /// <param name="left">A change.</param>
    /// <param name="right">Another change.</param>
    public static bool operator ==(DictionaryChange<TKey, TValue> left, DictionaryChange<TKey, TValue> right) => left.Equals(right);

    /// <summary>Different kind, key or values.</summary>
    /// <param name="left">A change.</param>
    /// <param name="right">Another change.</param>
    public static bool operator !=(DictionaryChange<TKey, TValue> left, DictionaryChange<TKey, TValue> right) => !left.Equals(right);
}
