using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CowCollections.Internal;

namespace CowCollections;

public sealed partial class PersistentDictionary<TKey, TValue>
{
    /// <remarks>
    /// The non-generic <see cref="IDictionary"/> is implemented explicitly, as on <c>ImmutableDictionary&lt;TKey, TValue&gt;.Builder</c>:
    /// not fixed-size, not read-only, not synchronized; <c>Keys</c> and <c>Values</c> are snapshots, <c>CopyTo</c> writes
    /// <see cref="DictionaryEntry"/> values (or <c>KeyValuePair&lt;TKey, TValue&gt;</c> into an array of them). Object
    /// arguments are checked as <c>Dictionary&lt;TKey, TValue&gt;</c> checks them: a null key is an
    /// <see cref="ArgumentNullException"/>, a key or value of another type an <see cref="ArgumentException"/>;
    /// reading a key that is absent throws <see cref="KeyNotFoundException"/> (as SCI); reading (null), testing or
    /// removing a key of another type finds nothing.
    /// </remarks>
    public sealed partial class Builder : IDictionary
    {
        private object? _syncRoot;

        bool IDictionary.IsFixedSize => false;

        bool IDictionary.IsReadOnly => false;

        bool ICollection.IsSynchronized => false;

        object ICollection.SyncRoot => NonGeneric.SyncRoot(ref _syncRoot);

        ICollection IDictionary.Keys => Keys.ToArray();

        ICollection IDictionary.Values => Values.ToArray();

        object? IDictionary.this[object key]
        {
            get
            {
                Requires.NotNull(key);
                return NonGeneric.IsCompatible<TKey>(key) ? this[(TKey)key] : null;
            }

            set
            {
                var typedKey = CastKey(key, value);
                this[typedKey] = NonGeneric.Cast<TValue>(value, nameof(value), nameof(value));
            }
        }

        void IDictionary.Add(object key, object? value)
        {
            var typedKey = CastKey(key, value);
            Add(typedKey, NonGeneric.Cast<TValue>(value, nameof(value), nameof(value)));
        }

        bool IDictionary.Contains(object key)
        {
            Requires.NotNull(key);
            return NonGeneric.IsCompatible<TKey>(key) && ContainsKey((TKey)key);
        }

        IDictionaryEnumerator IDictionary.GetEnumerator() => new DictionaryEnumerator<TKey, TValue>(GetEnumerator());

        void IDictionary.Remove(object key)
        {
            Requires.NotNull(key);
            if (NonGeneric.IsCompatible<TKey>(key))
            {
                Remove((TKey)key);
            }
        }

        void ICollection.CopyTo(Array array, int index) => NonGenericEntries.CopyTo(this, _core.Count, array, index);

        // The order of Dictionary<TKey, TValue>: a null key, then a null value a TValue cannot hold, then the key's type.
        private static TKey CastKey(object key, object? value)
        {
            Requires.NotNull(key);
            if (value is null && default(TValue) is not null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            return NonGeneric.Cast<TKey>(key, nameof(key), nameof(key));
        }
    }
}
