using System;
using System.Collections.Generic;
using CowCollections.Internal;

namespace CowCollections;

public sealed partial class PersistentList<T>
{
    public sealed partial class Builder
    {
        /// <summary>Calls <paramref name="action"/> on every element in order. O(n), leaf by leaf.</summary>
        /// <param name="action">The action; it must not change the builder.</param>
        /// <exception cref="ArgumentNullException"><paramref name="action"/> is null.</exception>
        public void ForEach(Action<T> action)
        {
            Requires.NotNull(action);
            _core.ForEach(action);
        }

        /// <summary>True when some element matches <paramref name="match"/>. O(n), leaf by leaf.</summary>
        /// <param name="match">The predicate.</param>
        /// <exception cref="ArgumentNullException"><paramref name="match"/> is null.</exception>
        public bool Exists(Predicate<T> match)
        {
            Requires.NotNull(match);
            return _core.FindIndex(0, _core.Count, match) >= 0;
        }

        /// <summary>True when every element matches <paramref name="match"/> (always for an empty builder). O(n).</summary>
        /// <param name="match">The predicate.</param>
        /// <exception cref="ArgumentNullException"><paramref name="match"/> is null.</exception>
        public bool TrueForAll(Predicate<T> match)
        {
            Requires.NotNull(match);
            return _core.FindIndex(0, _core.Count, item => !match(item)) < 0;
        }

        /// <summary>The first element matching <paramref name="match"/>, or <c>default(T)</c>. O(n), leaf by leaf.</summary>
        /// <param name="match">The predicate.</param>
        /// <exception cref="ArgumentNullException"><paramref name="match"/> is null.</exception>
        public T? Find(Predicate<T> match)
        {
            Requires.NotNull(match);
            int index = _core.FindIndex(0, _core.Count, match);
            return index < 0 ? default : _core.ItemRef(index);
        }

        /// <summary>The elements matching <paramref name="match"/>, in order, as a list (as <c>ImmutableList&lt;T&gt;.Builder.FindAll</c>, not a builder). O(n).</summary>
        /// <param name="match">The predicate.</param>
        /// <exception cref="ArgumentNullException"><paramref name="match"/> is null.</exception>
        public PersistentList<T> FindAll(Predicate<T> match)
        {
            Requires.NotNull(match);
            return FromCore(_core.FindAll(match));
        }

        /// <summary>The last element matching <paramref name="match"/>, or <c>default(T)</c>. O(n), searched backward leaf by leaf.</summary>
        /// <param name="match">The predicate.</param>
        /// <exception cref="ArgumentNullException"><paramref name="match"/> is null.</exception>
        public T? FindLast(Predicate<T> match)
        {
            Requires.NotNull(match);
            int index = _core.Count == 0 ? -1 : _core.FindLastIndex(_core.Count - 1, _core.Count, match);
            return index < 0 ? default : _core.ItemRef(index);
        }

        /// <summary>Index of the first element matching <paramref name="match"/>, or -1. O(n).</summary>
        /// <param name="match">The predicate.</param>
        /// <exception cref="ArgumentNullException"><paramref name="match"/> is null.</exception>
        public int FindIndex(Predicate<T> match)
        {
            Requires.NotNull(match);
            return _core.FindIndex(0, _core.Count, match);
        }

        /// <summary>Index of the first element from <paramref name="startIndex"/> on matching <paramref name="match"/>, or -1. O(n).</summary>
        /// <param name="startIndex">Where the search starts, in [0, Count].</param>
        /// <param name="match">The predicate.</param>
        /// <exception cref="ArgumentNullException"><paramref name="match"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="startIndex"/> is outside [0, Count].</exception>
        public int FindIndex(int startIndex, Predicate<T> match) => PersistentList<T>.FindIndex(_core, startIndex, match);

        /// <summary>Index of the first element in [startIndex, startIndex + count) matching <paramref name="match"/>, or -1. O(count).</summary>
        /// <param name="startIndex">Where the search starts.</param>
        /// <param name="count">How many elements to search.</param>
        /// <param name="match">The predicate.</param>
        /// <exception cref="ArgumentNullException"><paramref name="match"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A negative argument, or a range past the end (reported as <paramref name="count"/>).</exception>
        public int FindIndex(int startIndex, int count, Predicate<T> match) => PersistentList<T>.FindIndex(_core, startIndex, count, match);

        /// <summary>Index of the last element matching <paramref name="match"/>, or -1. O(n), searched backward.</summary>
        /// <param name="match">The predicate.</param>
        /// <exception cref="ArgumentNullException"><paramref name="match"/> is null.</exception>
        public int FindLastIndex(Predicate<T> match)
        {
            Requires.NotNull(match);
            return _core.Count == 0 ? -1 : _core.FindLastIndex(_core.Count - 1, _core.Count, match);
        }

        /// <summary>Index of the last element in [0, startIndex] matching <paramref name="match"/>, or -1. O(startIndex).</summary>
        /// <param name="startIndex">Where the backward search starts: in [0, Count), or 0 when empty.</param>
        /// <param name="match">The predicate.</param>
        /// <exception cref="ArgumentNullException"><paramref name="match"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="startIndex"/> is outside the builder.</exception>
        public int FindLastIndex(int startIndex, Predicate<T> match) => PersistentList<T>.FindLastIndex(_core, startIndex, match);

        /// <summary>Index of the last element in (startIndex - count, startIndex] matching <paramref name="match"/>, searching backward, or -1. O(count).</summary>
        /// <param name="startIndex">Where the backward search starts.</param>
        /// <param name="count">How many elements to search.</param>
        /// <param name="match">The predicate.</param>
        /// <exception cref="ArgumentNullException"><paramref name="match"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The arguments do not describe a range inside the builder.</exception>
        public int FindLastIndex(int startIndex, int count, Predicate<T> match) => PersistentList<T>.FindLastIndex(_core, startIndex, count, match);

        /// <summary>A new list of every element converted by <paramref name="converter"/>, in order. O(n).</summary>
        /// <typeparam name="TOutput">The element type of the result.</typeparam>
        /// <param name="converter">The conversion.</param>
        /// <exception cref="ArgumentNullException"><paramref name="converter"/> is null.</exception>
        public PersistentList<TOutput> ConvertAll<TOutput>(Func<T, TOutput> converter)
        {
            Requires.NotNull(converter);
            return PersistentList<TOutput>.FromCore(_core.ConvertAll(converter));
        }

        /// <summary>Binary search of the (sorted) builder for <paramref name="item"/> by the default comparer. O(log n) probes.</summary>
        /// <param name="item">The element to find.</param>
        /// <returns>Its index, or the bitwise complement of the index of the first larger element.</returns>
        public int BinarySearch(T item) => PersistentList<T>.BinarySearch(_core, 0, _core.Count, item, null);

        /// <summary>Binary search of the (sorted) builder for <paramref name="item"/> by <paramref name="comparer"/>. O(log n) probes.</summary>
        /// <param name="item">The element to find.</param>
        /// <param name="comparer">The comparer; null for the default.</param>
        /// <returns>Its index, or the bitwise complement of the index of the first larger element.</returns>
        public int BinarySearch(T item, IComparer<T>? comparer) => PersistentList<T>.BinarySearch(_core, 0, _core.Count, item, comparer);

        /// <summary>Binary search of the (sorted) range [index, index + count) for <paramref name="item"/>, probing as <see cref="List{T}.BinarySearch(int, int, T, IComparer{T})"/>. O(log count) probes.</summary>
        /// <param name="index">The first element of the range.</param>
        /// <param name="count">How many elements the range holds.</param>
        /// <param name="item">The element to find.</param>
        /// <param name="comparer">The comparer; null for the default.</param>
        /// <returns>Its index, or the bitwise complement of the index of the first larger element of the range.</returns>
        /// <exception cref="ArgumentOutOfRangeException">A negative argument, or a range past the end (reported as <paramref name="count"/>).</exception>
        public int BinarySearch(int index, int count, T item, IComparer<T>? comparer) => PersistentList<T>.BinarySearch(_core, index, count, item, comparer);

        /// <summary>Sorts the elements in place by <paramref name="comparison"/>. O(n log n).</summary>
        /// <param name="comparison">The comparison.</param>
        /// <exception cref="ArgumentNullException"><paramref name="comparison"/> is null.</exception>
        public void Sort(Comparison<T> comparison)
        {
            Requires.NotNull(comparison);
            var items = _core.ToArray();
            Array.Sort(items, comparison);
            Changing();
            Reset(FromSpan(items));
        }

        /// <summary>Sorts the range [index, index + count) in place by <paramref name="comparer"/>. O(count log count + count log32 n): the range is written back into owned leaves.</summary>
        /// <param name="index">The first element to sort.</param>
        /// <param name="count">How many elements to sort.</param>
        /// <param name="comparer">The comparer; null for the default.</param>
        /// <exception cref="ArgumentOutOfRangeException">A negative argument, or a range past the end (reported as <paramref name="count"/>).</exception>
        public void Sort(int index, int count, IComparer<T>? comparer)
        {
            CheckRange(index, count, _core.Count);
            var items = new T[count];
            _core.CopyTo(index, items, count);
            Array.Sort(items, comparer);
            WriteBack(index, items);
        }

        /// <summary>Reverses the range [index, index + count) in place. O(count log32 n).</summary>
        /// <param name="index">The first element to reverse.</param>
        /// <param name="count">How many elements to reverse.</param>
        /// <exception cref="ArgumentOutOfRangeException">A negative argument, or a range past the end (reported as <paramref name="count"/>, as <c>ImmutableList&lt;T&gt;.Builder.Reverse</c> does, where the list's <c>Reverse</c> names the index).</exception>
        public void Reverse(int index, int count)
        {
            CheckRange(index, count, _core.Count);
            var items = new T[count];
            _core.CopyTo(index, items, count);
            Array.Reverse(items);
            WriteBack(index, items);
        }

        /// <summary>Copies every element to the start of <paramref name="array"/>. O(n).</summary>
        /// <param name="array">The destination, at least <see cref="Count"/> long.</param>
        /// <exception cref="ArgumentNullException"><paramref name="array"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="array"/> is shorter than the builder.</exception>
        public void CopyTo(T[] array) => PersistentList<T>.CopyTo(_core, array);

        /// <summary>Copies every element to <paramref name="array"/> from <paramref name="arrayIndex"/>. O(n).</summary>
        /// <param name="array">The destination.</param>
        /// <param name="arrayIndex">Where in <paramref name="array"/> the first element goes.</param>
        /// <exception cref="ArgumentNullException"><paramref name="array"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="arrayIndex"/> is negative or the elements do not fit after it (as <c>ImmutableList&lt;T&gt;.Builder.CopyTo</c> reports both).</exception>
        public void CopyTo(T[] array, int arrayIndex) => PersistentList<T>.CopyTo(_core, 0, array, arrayIndex, _core.Count);

        /// <summary>Copies [index, index + count) to <paramref name="array"/> from <paramref name="arrayIndex"/>. O(count).</summary>
        /// <param name="index">The first element to copy.</param>
        /// <param name="array">The destination.</param>
        /// <param name="arrayIndex">Where in <paramref name="array"/> the first element goes.</param>
        /// <param name="count">How many elements to copy.</param>
        /// <exception cref="ArgumentNullException"><paramref name="array"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A negative index or count, a source range past the end (reported as <paramref name="count"/>) or a destination range past the array's end (reported as <paramref name="arrayIndex"/>).</exception>
        public void CopyTo(int index, T[] array, int arrayIndex, int count) => PersistentList<T>.CopyTo(_core, index, array, arrayIndex, count);

        /// <summary>The elements [index, index + count) as a list (as <c>ImmutableList&lt;T&gt;.Builder.GetRange</c>). O(log n): publishes the builder (see <see cref="ToImmutable"/>) and slices that.</summary>
        /// <param name="index">The first element.</param>
        /// <param name="count">How many elements.</param>
        /// <exception cref="ArgumentOutOfRangeException">A negative argument, or a range past the end (reported as <paramref name="count"/>, as <c>ImmutableList&lt;T&gt;.Builder</c> does).</exception>
        public PersistentList<T> GetRange(int index, int count)
        {
            CheckRange(index, count, _core.Count);
            return ToImmutable().GetRange(index, count);
        }

        /// <summary><see cref="GetRange"/> under the name the C# range indexer uses, so <c>builder[1..3]</c> gives a list. O(log n).</summary>
        /// <param name="start">The first element.</param>
        /// <param name="length">How many elements.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="start"/> is outside [0, Count], or <paramref name="length"/> is negative or passes the end.</exception>
        public PersistentList<T> Slice(int start, int length)
        {
            Requires.Range(start, length, _core.Count);
            return ToImmutable().GetRange(start, length);
        }

        /// <summary>Replaces the first element equal to <paramref name="oldValue"/> by <paramref name="newValue"/>. O(n) search + O(log n).</summary>
        /// <param name="oldValue">The element to replace.</param>
        /// <param name="newValue">The replacement.</param>
        /// <exception cref="ArgumentException"><paramref name="oldValue"/> is not in the builder.</exception>
        public void Replace(T oldValue, T newValue) => Replace(oldValue, newValue, null);

        /// <summary>Replaces the first element equal to <paramref name="oldValue"/> by <paramref name="equalityComparer"/> with <paramref name="newValue"/>. O(n) search + O(log n).</summary>
        /// <param name="oldValue">The element to replace.</param>
        /// <param name="newValue">The replacement.</param>
        /// <param name="equalityComparer">The comparer; null for the default.</param>
        /// <exception cref="ArgumentException"><paramref name="oldValue"/> is not in the builder.</exception>
        public void Replace(T oldValue, T newValue, IEqualityComparer<T>? equalityComparer)
        {
            int index = _core.IndexOf(oldValue, 0, _core.Count, equalityComparer ?? EqualityComparer<T>.Default);
            if (index < 0)
            {
                throw new ArgumentException("The value is not in the list.", nameof(oldValue));
            }

            this[index] = newValue;
        }

        /// <summary>Removes the first element equal to <paramref name="item"/> by <paramref name="equalityComparer"/>. O(n).</summary>
        /// <param name="item">The element.</param>
        /// <param name="equalityComparer">The comparer; null for the default.</param>
        /// <returns>True when an element was removed.</returns>
        public bool Remove(T item, IEqualityComparer<T>? equalityComparer)
        {
            int index = _core.IndexOf(item, 0, _core.Count, equalityComparer ?? EqualityComparer<T>.Default);
            if (index < 0)
            {
                return false;
            }

            RemoveAt(index);
            return true;
        }

        /// <summary>Removes the first occurrence of each element of <paramref name="items"/>. O(m x n).</summary>
        /// <param name="items">The elements to remove.</param>
        /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
        public void RemoveRange(IEnumerable<T> items) => RemoveRange(items, null);

        /// <summary>Removes the first occurrence, by <paramref name="equalityComparer"/>, of each element of <paramref name="items"/>. O(m x n).</summary>
        /// <param name="items">The elements to remove.</param>
        /// <param name="equalityComparer">The comparer; null for the default.</param>
        /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
        public void RemoveRange(IEnumerable<T> items, IEqualityComparer<T>? equalityComparer)
        {
            Requires.NotNull(items);
            foreach (var item in items)
            {
                Remove(item, equalityComparer);
            }
        }

        /// <summary>Index of the first element from <paramref name="index"/> on equal to <paramref name="item"/>, or -1. O(n).</summary>
        /// <param name="item">The element.</param>
        /// <param name="index">Where the search starts, in [0, Count].</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative, or past the end (reported as the count, as <c>ImmutableList&lt;T&gt;.Builder</c> does).</exception>
        public int IndexOf(T item, int index) => IndexOf(item, index, _core.Count - index, null);

        /// <summary>Index of the first element in [index, index + count) equal to <paramref name="item"/>, or -1. O(count).</summary>
        /// <param name="item">The element.</param>
        /// <param name="index">Where the search starts.</param>
        /// <param name="count">How many elements to search.</param>
        /// <exception cref="ArgumentOutOfRangeException">A negative argument, or a range past the end (reported as <paramref name="count"/>).</exception>
        public int IndexOf(T item, int index, int count) => IndexOf(item, index, count, null);

        /// <summary>Index of the first element in [index, index + count) equal to <paramref name="item"/> by <paramref name="equalityComparer"/>, or -1. O(count), leaf by leaf.</summary>
        /// <param name="item">The element.</param>
        /// <param name="index">Where the search starts.</param>
        /// <param name="count">How many elements to search.</param>
        /// <param name="equalityComparer">The comparer; null for the default.</param>
        /// <exception cref="ArgumentOutOfRangeException">A negative argument, or a range past the end (reported as <paramref name="count"/>).</exception>
        public int IndexOf(T item, int index, int count, IEqualityComparer<T>? equalityComparer)
        {
            CheckRange(index, count, _core.Count);
            return _core.IndexOf(item, index, count, equalityComparer ?? EqualityComparer<T>.Default);
        }

        /// <summary>Index of the last element equal to <paramref name="item"/>, or -1. O(n), searched backward leaf by leaf.</summary>
        /// <param name="item">The element.</param>
        public int LastIndexOf(T item) => _core.Count == 0 ? -1 : LastIndexOf(item, _core.Count - 1, _core.Count, null);

        /// <summary>Index of the last element in [0, startIndex] equal to <paramref name="item"/>, or -1. O(startIndex).</summary>
        /// <param name="item">The element.</param>
        /// <param name="startIndex">Where the backward search starts: in [0, Count), or 0 when empty.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="startIndex"/> is outside the builder (named <c>index</c> when negative and <c>count</c> when past the end, as <c>ImmutableList&lt;T&gt;.Builder</c> names it).</exception>
        public int LastIndexOf(T item, int startIndex)
        {
            if (startIndex < 0)
            {
                // Named as ImmutableList<T>.Builder names them: a negative start is the index, one past the end makes the count too large.
                Requires.Index(startIndex, _core.Count, "index");
            }

            if (startIndex >= _core.Count && !(_core.Count == 0 && startIndex == 0))
            {
                Requires.Index(startIndex, _core.Count, "count");
            }

            return _core.Count == 0 && startIndex == 0 ? -1 : LastIndexOf(item, startIndex, startIndex + 1, null);
        }

        /// <summary>Index of the last element in (startIndex - count, startIndex] equal to <paramref name="item"/>, searching backward, or -1. O(count).</summary>
        /// <param name="item">The element.</param>
        /// <param name="startIndex">Where the backward search starts.</param>
        /// <param name="count">How many elements to search.</param>
        /// <exception cref="ArgumentOutOfRangeException">The arguments do not describe a range inside the builder.</exception>
        public int LastIndexOf(T item, int startIndex, int count) => LastIndexOf(item, startIndex, count, null);

        /// <summary>Index of the last element in (startIndex - count, startIndex] equal to <paramref name="item"/> by <paramref name="equalityComparer"/>, searching backward, or -1. O(count), leaf by leaf.</summary>
        /// <param name="item">The element.</param>
        /// <param name="startIndex">Where the backward search starts.</param>
        /// <param name="count">How many elements to search.</param>
        /// <param name="equalityComparer">The comparer; null for the default.</param>
        /// <exception cref="ArgumentOutOfRangeException">The arguments do not describe a range inside the builder.</exception>
        public int LastIndexOf(T item, int startIndex, int count, IEqualityComparer<T>? equalityComparer) =>
            PersistentList<T>.LastIndexOf(_core, item, startIndex, count, equalityComparer);

        /// <summary>Writes <paramref name="items"/> over [index, index + items.Length), in place where the builder owns the leaves.</summary>
        private void WriteBack(int index, T[] items)
        {
            if (items.Length < 2)
            {
                return;
            }

            Changing();
            for (int i = 0; i < items.Length; i++)
            {
                _core.SetItem(index + i, items[i]);
            }
        }
    }
}
