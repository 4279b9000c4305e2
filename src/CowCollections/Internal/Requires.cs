using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace CowCollections.Internal;

/// <summary>Argument checks shared by every public type; each throws with the offending parameter's name.</summary>
internal static class Requires
{
    /// <summary>0 &lt;= index &lt; count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Index(int index, int count, [CallerArgumentExpression(nameof(index))] string? paramName = null)
    {
        if ((uint)index >= (uint)count)
        {
            ThrowIndex(index, count, paramName);
        }
    }

    /// <summary>0 &lt;= index &lt;= count (an insertion point).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Position(int index, int count, [CallerArgumentExpression(nameof(index))] string? paramName = null)
    {
        if ((uint)index > (uint)count)
        {
            ThrowPosition(index, count, paramName);
        }
    }

    /// <summary>A range [index, index + length) inside [0, count).</summary>
    public static void Range(int index, int length, int count, [CallerArgumentExpression(nameof(index))] string? indexName = null, [CallerArgumentExpression(nameof(length))] string? lengthName = null)
    {
        if (index < 0 || index > count)
        {
            ThrowPosition(index, count, indexName);
        }

        if (length < 0 || length > count - index)
        {
            throw new ArgumentOutOfRangeException(lengthName, length, $"The range [{index}, {index}+{length}) does not fit in a collection of {count} elements.");
        }
    }

    /// <summary>
    /// Checks the arguments of an <c>ICollection&lt;T&gt;.CopyTo(array, arrayIndex)</c>-style call that writes
    /// <paramref name="needed"/> elements: the array is not null, the index is inside it, and the rest is long enough.
    /// </summary>
    public static void CopyTarget([NotNull] Array? array, int arrayIndex, int needed, [CallerArgumentExpression(nameof(array))] string? arrayName = null, [CallerArgumentExpression(nameof(arrayIndex))] string? indexName = null)
    {
        NotNull(array, arrayName);
        Position(arrayIndex, array.Length, indexName);
        if (array.Length - arrayIndex < needed)
        {
            throw new ArgumentException($"The array holds {array.Length - arrayIndex} elements from {arrayIndex}; {needed} are needed.", arrayName);
        }
    }

    /// <summary>A builder enumerator's check: the builder's version is still the one seen when enumeration began.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void UnchangedSince(int seenVersion, int currentVersion)
    {
        if (seenVersion != currentVersion)
        {
            ThrowChanged();
        }
    }

    /// <summary>An enumerator's <c>Current</c> read before the first <c>MoveNext</c> or after the last element.</summary>
    [DoesNotReturn]
    public static void ThrowNoCurrent() =>
        throw new InvalidOperationException("Enumeration has either not started or has already finished.");

    [DoesNotReturn]
    private static void ThrowChanged() => throw new InvalidOperationException("The builder was changed during enumeration.");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NotNull([NotNull] object? value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value is null)
        {
            ThrowNull(paramName);
        }
    }

    [DoesNotReturn]
    public static void ThrowNull(string? paramName) => throw new ArgumentNullException(paramName);

    [DoesNotReturn]
    private static void ThrowIndex(int index, int count, string? paramName) =>
        throw new ArgumentOutOfRangeException(paramName, index, $"Index must be in [0, {count}).");

    [DoesNotReturn]
    private static void ThrowPosition(int index, int count, string? paramName) =>
        throw new ArgumentOutOfRangeException(paramName, index, $"Index must be in [0, {count}].");
}
