using System;

namespace Gateway.Firmware.Core.Config
{
    /// <summary>
    /// Collects errors without generics, up to a bound: a binary or wrong file must not produce an error list (and a
    /// reply) that grows with its size; the first errors say enough.
    /// </summary>
    internal sealed class ErrorList
    {
        private readonly int _limit;
        private ConfigError[] _errors = new ConfigError[8];
        private int _count;
        private bool _overflowed;

        /// <param name="limit">Most errors kept; the last slot then says that more were dropped.</param>
        internal ErrorList(int limit)
        {
            _limit = limit;
        }

        /// <summary>Errors kept.</summary>
        internal int Count => _count;

        /// <summary>Adds an error (or, past the limit, notes that some were dropped).</summary>
        internal void Add(int line, string key, string message)
        {
            if (_count >= _limit)
            {
                if (!_overflowed)
                {
                    _overflowed = true;
                    _errors[_limit - 1] = new ConfigError(line, string.Empty, "too many errors; only the first "
                        + ConfigText.FormatInteger(_limit - 1) + " are listed");
                }
                return;
            }
            if (_count == _errors.Length)
            {
                ConfigError[] larger = new ConfigError[_errors.Length * 2];
                Array.Copy(_errors, larger, _count);
                _errors = larger;
            }
            _errors[_count++] = new ConfigError(line, key, message);
        }

        /// <summary>A copy of the errors, in the order added.</summary>
        internal ConfigError[] ToArray()
        {
            ConfigError[] result = new ConfigError[_count];
            Array.Copy(_errors, result, _count);
            return result;
        }
    }
}
