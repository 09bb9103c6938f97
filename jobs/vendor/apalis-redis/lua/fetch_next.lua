-- KEYS[1]: the active workers sorted set
-- KEYS[2]: the active job list
-- KEYS[3]: this workers inflight set
-- KEYS[4]: the task data hash
-- KEYS[5]: the signal list
-- KEYS[6]: the task metadata prefix
-- KEYS[7]: the scheduled jobs sorted set

-- ARGV[1]: current timestamp
-- ARGV[2]: maximum number of jobs to fetch
-- ARGV[3]: worker name

-- Returns: {results, meta}

local worker_inflight_set = KEYS[3]
local worker_name = ARGV[3]
local batch_size = tonumber(ARGV[2])

-- [hnp patch] `unpack` puts every element on Lua's C stack, which holds at most
-- LUAI_MAXCSTACK (8000) values: `unpack` of a larger table fails with "too many results to
-- unpack". Multi-value commands are therefore sent in slices of CHUNK values.
local CHUNK = 1000

-- [hnp patch] Calls `command key v1 v2 ...` for `values[first..last]`, CHUNK values at a time.
-- Returns the replies of the slices, in order.
local function call_chunked(command, key, values, first, last)
    local replies = {}
    local i = first
    while i <= last do
        local j = math.min(i + CHUNK - 1, last)
        table.insert(replies, redis.call(command, key, unpack(values, i, j)))
        i = j + 1
    end
    return replies
end


-- Ensure the worker is registered
local registered = redis.call("zscore", KEYS[1], worker_name)
if not registered then
    error("Cant fetch next: worker not registered")
end

-- [hnp patch] The active list is filled up to this many jobs from the due scheduled ones.
local FILL = math.max(100, batch_size)

-- 1. Promote due scheduled jobs: [hnp patch] only enough to fill the active list up to FILL
-- jobs (the oldest due first; the rest on later calls), not every due job at once. The
-- unbounded ZRANGEBYSCORE returned the whole backlog, whose `unpack` failed past 8000 due
-- jobs; and a long active list made every lease (acquire_leases.lua runs an O(length) LREM on
-- it per task) cost time proportional to the backlog.
local room = FILL - redis.call("llen", KEYS[2])
local scheduled_ids = {}
if room > 0 then
    scheduled_ids = redis.call(
        "zrangebyscore",
        KEYS[7],
        0,
        ARGV[1],
        "LIMIT",
        0,
        room
    )
end

if #scheduled_ids > 0 then
    -- Push scheduled jobs onto the active queue
    call_chunked("rpush", KEYS[2], scheduled_ids, 1, #scheduled_ids)

    -- Remove promoted jobs from the scheduled set
    call_chunked("zrem", KEYS[7], scheduled_ids, 1, #scheduled_ids)

    -- Signal that jobs are available
    redis.call("del", KEYS[5])
    redis.call("lpush", KEYS[5], 1)
end

-- 2. Fetch jobs from the active queue
local task_ids = redis.call(
    "lrange",
    KEYS[2],
    0,
    batch_size - 1
)

local count = #task_ids
local results = {}
local meta = {}

if count > 0 then
    -- Mark jobs as inflight
    call_chunked("sadd", worker_inflight_set, task_ids, 1, count)

    -- Remove fetched jobs from the active queue
    redis.call("ltrim", KEYS[2], count, -1)

    -- Fetch job data ([hnp patch] in slices, concatenated in order)
    for _, slice in ipairs(call_chunked("hmget", KEYS[4], task_ids, 1, count)) do
        for _, data in ipairs(slice) do
            table.insert(results, data)
        end
    end

    -- Fetch metadata
    for _, task_id in ipairs(task_ids) do
        local meta_key = KEYS[6] .. ":" .. task_id
        local fields = redis.call("hgetall", meta_key)

        -- Insert task ID as the first element
        table.insert(fields, 1, task_id)
        table.insert(meta, fields)
    end
end

-- 3. Clear the signal if fewer jobs were fetched
-- than requested
if count < batch_size then
    redis.call("del", KEYS[5])
end

return {results, meta}
