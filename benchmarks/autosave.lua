-- wrk script: request i goes to pair i of the targets file, with a comment naming i,
-- so every successful write can be read back afterwards. Threads interleave the sequence.
local targets = {}
local counter = 0
local next_index = 0

function setup(thread)
  -- thread:set makes a global in that thread's own interpreter.
  thread:set("first_index", next_index)
  next_index = next_index + 1
end

function init(args)
  for line in io.lines(args[1]) do
    table.insert(targets, line)
  end
  nthreads = tonumber(args[2])
  counter = first_index
end

function request()
  local i = counter
  counter = counter + nthreads
  local path = targets[(i % #targets) + 1]
  local body = "code=" .. ((i % 5) + 1) .. "&comment=w" .. i
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=benchbenchbenchbenchbenchbench12",
    ["X-CSRFToken"] = "benchbenchbenchbenchbenchbench12",
  }, body)
end
