using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using nanoFramework.TestFramework;
using Xunit;

namespace Gateway.Firmware.Core.Tests.NanoTestFramework
{
    /// <summary>
    /// Lets xunit discover and run tests written for nanoFramework.TestFramework: every [TestMethod]
    /// (and every [DataRow] of it) in a [TestClass] of this assembly becomes one xunit case, named
    /// Class.Method, so a failure names the specification that broke.
    /// </summary>
    public sealed class NanoTestRunner
    {
        public static IEnumerable<object[]> Cases()
        {
            foreach (Type type in typeof(NanoTestRunner).Assembly.GetTypes()
                         .Where(t => t.GetCustomAttribute<TestClassAttribute>() != null)
                         .OrderBy(t => t.FullName, StringComparer.Ordinal))
            {
                foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
                             .Where(m => m.GetCustomAttribute<TestMethodAttribute>() != null)
                             .OrderBy(m => m.Name, StringComparer.Ordinal))
                {
                    DataRowAttribute[] rows = method.GetCustomAttributes<DataRowAttribute>().ToArray();
                    if (rows.Length == 0)
                    {
                        yield return new object[] { $"{type.Name}.{method.Name}", -1 };
                    }
                    for (int i = 0; i < rows.Length; i++)
                    {
                        yield return new object[] { $"{type.Name}.{method.Name}", i };
                    }
                }
            }
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Run(string test, int dataRow)
        {
            string[] parts = test.Split('.');
            Type type = typeof(NanoTestRunner).Assembly.GetTypes()
                .Single(t => t.Name == parts[0] && t.GetCustomAttribute<TestClassAttribute>() != null);
            MethodInfo method = type.GetMethod(parts[1])!;
            object? instance = method.IsStatic && type.GetConstructor(Type.EmptyTypes) == null ? null : Activator.CreateInstance(type);
            foreach (MethodInfo setup in type.GetMethods().Where(m => m.GetCustomAttribute<SetupAttribute>() != null))
            {
                Invoke(setup, instance, null);
            }
            try
            {
                object[]? args = dataRow < 0 ? null : method.GetCustomAttributes<DataRowAttribute>().ElementAt(dataRow).MethodParameters;
                Invoke(method, instance, args);
            }
            finally
            {
                foreach (MethodInfo cleanup in type.GetMethods().Where(m => m.GetCustomAttribute<CleanupAttribute>() != null))
                {
                    Invoke(cleanup, instance, null);
                }
            }
        }

        private static void Invoke(MethodInfo method, object? instance, object[]? args)
        {
            try
            {
                method.Invoke(method.IsStatic ? null : instance, args);
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            }
        }
    }
}
