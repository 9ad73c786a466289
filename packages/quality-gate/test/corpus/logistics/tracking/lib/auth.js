const passport = require('passport');
const { Strategy, ExtractJwt } = require('passport-jwt');

passport.use(new Strategy({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: process.env.TRACKING_JWT_KEY }, (payload, done) => done(null, payload)));

module.exports = { authenticate: passport.authenticate('jwt', { session: false }) };
