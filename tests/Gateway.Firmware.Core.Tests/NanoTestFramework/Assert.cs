using System;
using System.Collections;
using TestFrameworkShared;

namespace nanoFramework.TestFramework
{
    /// <summary>
    /// Host implementation of nanoFramework.TestFramework's Assert (the subset of overloads our tests use,
    /// with the device library's names and parameter order: expected first, then actual, then message).
    /// </summary>
    public static class Assert
    {
        public static void AreEqual(long expected, long actual, string message = "")
        {
            if (expected != actual)
            {
                Fail($"expected {expected}, got {actual}", message);
            }
        }

        public static void AreEqual(ulong expected, ulong actual, string message = "")
        {
            if (expected != actual)
            {
                Fail($"expected {expected}, got {actual}", message);
            }
        }

        public static void AreEqual(double expected, double actual, string message = "")
        {
            // Bit-exact like the device library (NaN equals NaN).
            if (!expected.Equals(actual))
            {
                Fail($"expected {expected:R}, got {actual:R}", message);
            }
        }

        public static void AreEqual(bool expected, bool actual, string message = "")
        {
            if (expected != actual)
            {
                Fail($"expected {expected}, got {actual}", message);
            }
        }

        public static void AreEqual(string? expected, string? actual, string message = "")
        {
            if (!string.Equals(expected, actual, StringComparison.Ordinal))
            {
                Fail($"expected \"{expected}\", got \"{actual}\"", message);
            }
        }

        public static void AreEqual(object? expected, object? actual, string message = "")
        {
            if (!Equals(expected, actual))
            {
                Fail($"expected {expected}, got {actual}", message);
            }
        }

        public static void AreNotEqual(long notExpected, long actual, string message = "")
        {
            if (notExpected == actual)
            {
                Fail($"did not expect {actual}", message);
            }
        }

        public static void AreNotEqual(string? notExpected, string? actual, string message = "")
        {
            if (string.Equals(notExpected, actual, StringComparison.Ordinal))
            {
                Fail($"did not expect \"{actual}\"", message);
            }
        }

        public static void IsTrue(bool condition, string message = "")
        {
            if (!condition)
            {
                Fail("expected true", message);
            }
        }

        public static void IsFalse(bool condition, string message = "")
        {
            if (condition)
            {
                Fail("expected false", message);
            }
        }

        public static void IsNull(object? value, string message = "")
        {
            if (value != null)
            {
                Fail($"expected null, got {value}", message);
            }
        }

        public static void IsNotNull(object? value, string message = "")
        {
            if (value == null)
            {
                Fail("expected a value, got null", message);
            }
        }

        public static void Contains(string expected, string actual, string message = "")
        {
            if (actual == null || !actual.Contains(expected, StringComparison.Ordinal))
            {
                Fail($"expected \"{actual}\" to contain \"{expected}\"", message);
            }
        }

        public static void StartsWith(string expected, string actual, string message = "")
        {
            if (actual == null || !actual.StartsWith(expected, StringComparison.Ordinal))
            {
                Fail($"expected \"{actual}\" to start with \"{expected}\"", message);
            }
        }

        public static void Equal(Array expected, Array actual, string message = "")
        {
            if (expected.Length != actual.Length)
            {
                Fail($"expected {expected.Length} elements, got {actual.Length}", message);
            }
            for (int i = 0; i < expected.Length; i++)
            {
                if (!Equals(expected.GetValue(i), actual.GetValue(i)))
                {
                    Fail($"element {i}: expected {expected.GetValue(i)}, got {actual.GetValue(i)}", message);
                }
            }
        }

        public static void Empty(ICollection collection, string message = "")
        {
            if (collection.Count != 0)
            {
                Fail($"expected empty, got {collection.Count} items", message);
            }
        }

        public static void ThrowsException(Type exceptionType, Action action, string message = "")
        {
            try
            {
                action();
            }
            catch (Exception e) when (exceptionType.IsInstanceOfType(e))
            {
                return;
            }
            catch (Exception e)
            {
                Fail($"expected {exceptionType.Name}, got {e.GetType().Name}: {e.Message}", message);
            }
            Fail($"expected {exceptionType.Name}, nothing was thrown", message);
        }

        public static void Throws(Type exceptionType, Action action, string message = "") =>
            ThrowsException(exceptionType, action, message);

        private static void Fail(string what, string message) =>
            throw new AssertFailedException(message.Length == 0 ? what : message + ": " + what);
    }
}
