// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC7674} from "@openzeppelin/contracts/interfaces/draft-IERC7674.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

/// @title TokenHolder
/// @notice A user's token wallet. Its owner (the user's Safe) authorizes session keys;
/// a session key signs `ExecuteRule` typed data (EIP-712, bound to chain id and this
/// holder) and anyone may relay it. Each execution can move at most the session's
/// spending limit: the holder approves exactly that much to the rule before the call
/// and resets the approval to zero after it.
/// @dev One implementation per economy; users get EIP-1167 clones. The token, rules
/// and approval mode are immutables of the implementation (clones read them from its
/// code), so the clone keeps only the owner, the logout generation and the sessions.
/// A session fits one storage slot: the hot path reads and writes it once.
contract TokenHolder is EIP712 {
    using SafeERC20 for IERC20;

    /// @dev Everything stored for one session key, packed into a single slot.
    struct Session {
        uint128 spendingLimit;
        uint40 expiresAt;
        uint48 nonce;
        /// Logout generation the key was authorized in; 0 = never authorized.
        uint32 generation;
        bool revoked;
    }

    /// @notice keccak256("ExecuteRule(address to,bytes data,uint256 nonce)")
    bytes32 public constant EXECUTE_RULE_TYPEHASH =
        keccak256("ExecuteRule(address to,bytes data,uint256 nonce)");

    /// @notice The economy's token.
    IERC20 public immutable token;
    /// @notice The economy's TokenRules (informational; the approval goes to `to`).
    address public immutable tokenRules;
    /// @notice True when the token supports ERC-7674 temporary approvals.
    bool public immutable temporaryApprovals;

    /// @notice The only account that manages sessions: the user's Safe.
    address public owner;
    /// @notice Current logout generation; `logout()` bumps it. Starts at 1.
    uint32 public generation;

    mapping(address key => Session) private _sessions;

    event SessionAuthorized(address indexed key, uint256 spendingLimit, uint256 expiresAt);
    event SessionRevoked(address indexed key);
    event SessionsLoggedOut(uint256 generation);
    event RuleExecuted(address indexed key, address indexed to, uint256 nonce, bool success);
    /// @notice Emitted after a failed rule with the rule's revert data.
    event RuleFailed(address indexed key, uint256 nonce, bytes reason);

    error ZeroAddress();
    error AlreadySetUp();
    error LengthMismatch();
    error NotOwner(address caller);
    error ZeroSessionKey();
    error SessionKeyExists(address key);
    error InvalidSpendingLimit(uint256 spendingLimit);
    error InvalidExpiry(uint256 expiresAt, uint256 currentTime);
    error SessionNotAuthorized(address key);
    error InvalidTarget(address to);
    error InvalidSignature();
    error SessionNotFound(address signer);
    error SessionNotActive(address key);
    error SessionExpired(address key, uint256 expiresAt);
    error InvalidNonce(address key, uint256 expected, uint256 given);

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    constructor(IERC20 token_, address tokenRules_) EIP712("TokenHolder", "1") {
        if (address(token_) == address(0) || tokenRules_ == address(0)) revert ZeroAddress();
        token = token_;
        tokenRules = tokenRules_;
        temporaryApprovals = _supportsTemporaryApprovals(address(token_));
        // Lock the implementation itself; only clones are set up.
        owner = address(1);
    }

    /// @notice Initializes a clone: owner and optional first sessions. Callable once.
    function setup(
        address owner_,
        address[] calldata keys,
        uint256[] calldata spendingLimits,
        uint256[] calldata expiresAts
    ) external {
        if (owner != address(0)) revert AlreadySetUp();
        if (owner_ == address(0)) revert ZeroAddress();
        uint256 count = keys.length;
        if (count != spendingLimits.length || count != expiresAts.length) {
            revert LengthMismatch();
        }
        owner = owner_;
        generation = 1;
        for (uint256 i; i < count; ++i) {
            _authorizeSession(keys[i], spendingLimits[i], expiresAts[i], 1);
        }
    }

    /// @notice Authorizes a new session key. The key must never have been used before.
    /// @param expiresAt Unix time (seconds); the key works while block.timestamp < expiresAt.
    function authorizeSession(address key, uint256 spendingLimit, uint256 expiresAt)
        external
        onlyOwner
    {
        _authorizeSession(key, spendingLimit, expiresAt, generation);
    }

    /// @notice Revokes one session key for good.
    function revokeSession(address key) external onlyOwner {
        Session storage session = _sessions[key];
        if (session.generation == 0 || session.revoked) revert SessionNotAuthorized(key);
        session.revoked = true;
        emit SessionRevoked(key);
    }

    /// @notice Ends every session authorized so far by starting a new generation.
    function logout() external onlyOwner {
        uint32 ended = generation;
        generation = ended + 1;
        emit SessionsLoggedOut(ended);
    }

    /// @notice Runs `to.call(data)` on behalf of a session key.
    /// @dev Reverts (nothing consumed) when the signature, session or nonce is wrong;
    /// a failing rule does not revert: the nonce is consumed and nothing moves.
    /// @return success Whether the rule call succeeded.
    function executeRule(
        address to,
        bytes calldata data,
        uint256 nonce,
        bytes calldata signature
    ) external payable returns (bool success) {
        if (to == address(token) || to == address(this)) revert InvalidTarget(to);

        bytes32 digest = _hashTypedDataV4(
            keccak256(abi.encode(EXECUTE_RULE_TYPEHASH, to, keccak256(data), nonce))
        );
        (address key, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(digest, signature);
        if (err != ECDSA.RecoverError.NoError) revert InvalidSignature();

        Session memory session = _sessions[key];
        if (session.generation == 0) revert SessionNotFound(key);
        if (session.revoked || session.generation != generation) revert SessionNotActive(key);
        if (block.timestamp >= session.expiresAt) {
            revert SessionExpired(key, session.expiresAt);
        }
        if (nonce != session.nonce) revert InvalidNonce(key, session.nonce, nonce);
        unchecked {
            _sessions[key].nonce = session.nonce + 1;
        }

        _approve(to, session.spendingLimit);
        bytes memory reason;
        (success, reason) = to.call{value: msg.value}(data);
        _approve(to, 0);

        emit RuleExecuted(key, to, nonce, success);
        if (!success) emit RuleFailed(key, nonce, reason);
    }

    /// @notice Everything stored for `key`.
    /// @return spendingLimit Maximum moved by one execution, in the token's smallest unit.
    /// @return expiresAt Unix time (seconds) from which the key no longer works.
    /// @return nonce Next nonce the key must sign.
    /// @return keyGeneration Generation the key was authorized in (0 = never).
    /// @return revoked Whether the key was revoked.
    function sessions(address key)
        external
        view
        returns (
            uint256 spendingLimit,
            uint256 expiresAt,
            uint256 nonce,
            uint256 keyGeneration,
            bool revoked
        )
    {
        Session memory session = _sessions[key];
        return (
            session.spendingLimit,
            session.expiresAt,
            session.nonce,
            session.generation,
            session.revoked
        );
    }

    function _authorizeSession(
        address key,
        uint256 spendingLimit,
        uint256 expiresAt,
        uint32 currentGeneration
    ) private {
        if (key == address(0)) revert ZeroSessionKey();
        if (_sessions[key].generation != 0) revert SessionKeyExists(key);
        if (spendingLimit == 0 || spendingLimit > type(uint128).max) {
            revert InvalidSpendingLimit(spendingLimit);
        }
        if (expiresAt <= block.timestamp || expiresAt > type(uint40).max) {
            revert InvalidExpiry(expiresAt, block.timestamp);
        }
        _sessions[key] = Session({
            spendingLimit: uint128(spendingLimit),
            expiresAt: uint40(expiresAt),
            nonce: 0,
            generation: currentGeneration,
            revoked: false
        });
        emit SessionAuthorized(key, spendingLimit, expiresAt);
    }

    function _approve(address spender, uint256 value) private {
        if (temporaryApprovals) {
            IERC7674(address(token)).temporaryApprove(spender, value);
        } else {
            token.forceApprove(spender, value);
        }
    }

    /// @dev ERC-7674 has no interface id of its own; our Token advertises the
    /// temporaryApprove selector through ERC-165. Anything else takes the plain path.
    function _supportsTemporaryApprovals(address token_) private view returns (bool) {
        try IERC165(token_).supportsInterface(type(IERC7674).interfaceId) returns (bool ok) {
            return ok;
        } catch {
            return false;
        }
    }
}
