const cors = require('cors');
const express = require('express');
const { authenticate } = require('./lib/auth');
const { startConsumer } = require('./lib/bus');

const app = express();
app.use(
  cors({
    origin: function (origin, callback) {
      callback(null, true);
    },
  }),
);
app.use(express.json());

app.use('/v1/track', authenticate, require('./routes/track'));
app.use('/v1/quotes', require('./routes/quotes'));

startConsumer().catch((err) => {
  console.error('consumer failed', err);
  process.exit(1);
});
app.listen(3000, () => console.log('tracking up on 3000'));
