using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace Gateway.Benchmarks.Fleet.Measurement
{
    /// <summary>CPU time and memory of this process, and CPU time of named threads (Linux <c>/proc</c>).</summary>
    public static class ProcessProbe
    {
        private static readonly Lazy<long> s_clockTicksPerSecond = new(ClockTicks);

        /// <summary>User + kernel CPU time of the whole process.</summary>
        public static TimeSpan TotalCpu => Environment.CpuUsage.TotalTime;

        /// <summary>Working set (resident memory) of the process, bytes.</summary>
        public static long WorkingSetBytes => Environment.WorkingSet;

        /// <summary>Managed heap still reachable after a full blocking collection, bytes.</summary>
        public static long LiveHeapBytes()
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            return GC.GetTotalMemory(forceFullCollection: true);
        }

        /// <summary>
        /// CPU time of the threads whose name starts with <paramref name="namePrefix"/> (.NET gives managed thread names to the OS
        /// threads, cut to 15 characters), or null where <c>/proc/self/task</c> cannot be read. Resolution: one clock tick (10 ms).
        /// </summary>
        public static TimeSpan? ThreadsCpu(string namePrefix)
        {
            const string tasks = "/proc/self/task";
            if (!Directory.Exists(tasks))
            {
                return null;
            }
            long ticks = 0;
            foreach (string task in Directory.EnumerateDirectories(tasks))
            {
                string stat;
                try
                {
                    stat = File.ReadAllText(Path.Combine(task, "stat"));
                }
                catch (IOException)
                {
                    continue; // the thread ended meanwhile
                }
                int open = stat.IndexOf('(');
                int close = stat.LastIndexOf(')');
                if (open < 0 || close < open)
                {
                    continue;
                }
                string name = stat.Substring(open + 1, close - open - 1);
                if (!name.StartsWith(namePrefix, StringComparison.Ordinal))
                {
                    continue;
                }
                // After "(comm) " come: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime (proc(5)).
                string[] fields = stat.Substring(close + 2).Split(' ');
                if (fields.Length > 12
                    && long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out long user)
                    && long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out long kernel))
                {
                    ticks += user + kernel;
                }
            }
            return TimeSpan.FromSeconds((double)ticks / s_clockTicksPerSecond.Value);
        }

        /// <summary>
        /// CPU time the whole machine has spent busy (everything but idle and I/O wait) since boot, from <c>/proc/stat</c>, or null
        /// where it cannot be read. The difference over a window, less this process's CPU time, is what other processes took.
        /// </summary>
        public static TimeSpan? MachineBusy()
        {
            try
            {
                string first = File.ReadLines("/proc/stat").First();
                string[] fields = first.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // cpu user nice system idle iowait irq softirq steal ...
                long busy = 0;
                for (int i = 1; i < fields.Length && i <= 8; i++)
                {
                    if (i == 4 || i == 5)
                    {
                        continue;
                    }
                    busy += long.Parse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture);
                }
                return TimeSpan.FromSeconds((double)busy / s_clockTicksPerSecond.Value);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
            {
                return null;
            }
        }

        /// <summary>The 1-minute load average, or null where it cannot be read.</summary>
        public static double? LoadAverage()
        {
            try
            {
                string[] parts = File.ReadAllText("/proc/loadavg").Split(' ');
                return double.Parse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                return null;
            }
        }

        /// <summary>File descriptors this process has open now, or null when <c>/proc/self/fd</c> cannot be read.</summary>
        public static int? OpenDescriptors()
        {
            try
            {
                return Directory.GetFileSystemEntries("/proc/self/fd").Length;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        /// <summary>Open file descriptors allowed to this process (soft limit), or null when unknown.</summary>
        public static long? OpenFileLimit()
        {
            try
            {
                foreach (string line in File.ReadAllLines("/proc/self/limits"))
                {
                    if (line.StartsWith("Max open files", StringComparison.Ordinal))
                    {
                        string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        return long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out long soft) ? soft : null;
                    }
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
            return null;
        }

        /// <summary>Memory the machine can still give (MemAvailable), bytes, or null when unknown.</summary>
        public static long? AvailableMemoryBytes()
        {
            try
            {
                foreach (string line in File.ReadAllLines("/proc/meminfo"))
                {
                    if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                    {
                        string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        return long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long kib) ? kib * 1024 : null;
                    }
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
            return null;
        }

        private static long ClockTicks()
        {
            // sysconf(_SC_CLK_TCK); _SC_CLK_TCK is 2 on Linux. USER_HZ is 100 on every mainstream kernel build.
            try
            {
                long value = SysConf(2);
                return value > 0 ? value : 100;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                return 100;
            }
        }

        [DllImport("libc", EntryPoint = "sysconf")]
        private static extern long SysConf(int name);
    }
}
