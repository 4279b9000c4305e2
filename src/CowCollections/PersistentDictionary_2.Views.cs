using System;
using System.Collections;
using System.Collections.Generic;
using CowCollections.Internal;

namespace CowCollections;

public sealed partial class PersistentDictionary<TKey, TValue>
{
    /// <summary>
    /// The read-only key or value collection that <c>IDictionary&lt;TKey, TValue&gt;.Keys</c> and <c>.Values</c>
    /// return for a dictionary or a builder: a view, O(1) to create, that reads its source on every call (a
    /// builder's view sees the builder's later changes), and throws <see cref="NotSupportedException"/> on
    /// every mutation, as the collections of <c>ImmutableDictionary</c> do.
    /// </summary>
    /// <typeparam name="T">The key or the value type.</typeparam>
    private abstract class ReadOnlyView<T> : ICollection<T>, IReadOnlyCollection<T>
    {
        private readonly PersistentDictionary<TKey, TValue>? _dictionary;
        private readonly Builder? _builder;

        protected ReadOnlyView(PersistentDictionary<TKey, TValue>? dictionary, Builder? builder)
        {
            _dictionary = dictionary;
            _builder = builder;
        }

        public int Count => _dictionary?.Count ?? _builder!.Count;

        public bool IsReadOnly => true;

        protected PersistentDictionary<TKey, TValue>? Dictionary => _dictionary;

        protected Builder? Source => _builder;

        public abstract bool Contains(T item);

        protected abstract T Select(in KeyValuePair<TKey, TValue> entry);

        public void CopyTo(T[] array, int arrayIndex)
        {
            Requires.CopyTarget(array, arrayIndex, Count);
            foreach (var item in this)
            {
                array[arrayIndex++] = item;
            }
        }

        public IEnumerator<T> GetEnumerator()
        {
            if (_dictionary is not null)
            {
                foreach (var entry in _dictionary)
                {
                    yield return Select(entry);
                }
            }
            else
            {
                foreach (var entry in _builder!)
                {
                    yield return Select(entry);
                }
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public void Add(T item) => throw NotSupported();

        public void Clear() => throw NotSupported();

        public bool Remove(T item) => throw NotSupported();

        private static NotSupportedException NotSupported() =>
            new("The keys and values of a dictionary are a read-only view; change the dictionary or its builder instead.");
    }

    /// <summary>The keys of a dictionary or a builder; <see cref="Contains"/> is a key lookup, O(log32 n).</summary>
    private sealed class KeyView : ReadOnlyView<TKey>
    {
        public KeyView(PersistentDictionary<TKey, TValue>? dictionary, Builder? builder)
            : base(dictionary, builder)
        {
        }

        public override bool Contains(TKey item) => Dictionary?.ContainsKey(item) ?? Source!.ContainsKey(item);

        protected override TKey Select(in KeyValuePair<TKey, TValue> entry) => entry.Key;
    }

    /// <summary>The values of a dictionary or a builder; <see cref="Contains"/> uses the value comparer, O(n).</summary>
    private sealed class ValueView : ReadOnlyView<TValue>
    {
        public ValueView(PersistentDictionary<TKey, TValue>? dictionary, Builder? builder)
            : base(dictionary, builder)
        {
        }

        public override bool Contains(TValue item) => Dictionary?.ContainsValue(item) ?? Source!.ContainsValue(item);

        protected override TValue Select(in KeyValuePair<TKey, TValue> entry) => entry.Value;
    }
}
