// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ISafe} from "./interfaces/ISafe.sol";

/// @title DelayedRecoveryModule
/// @notice A Safe module that replaces a lost device key after a delay. The recovery
/// owner (derived from the user's PIN) signs; the controller (operated by the
/// platform) relays. Every signed message carries the module's nonce, which each
/// accepted signature consumes, so no signature can be replayed.
/// @dev One implementation per economy; each user gets an EIP-1167 clone.
contract DelayedRecoveryModule is EIP712 {
    /// @notice A pending recovery. `executeAfter` is a unix time in seconds.
    struct Recovery {
        address prevOwner;
        address oldOwner;
        address newOwner;
        uint64 executeAfter;
    }

    bytes32 public constant INITIATE_RECOVERY_TYPEHASH = keccak256(
        "InitiateRecovery(address prevOwner,address oldOwner,address newOwner,uint256 nonce)"
    );
    bytes32 public constant ABORT_RECOVERY_TYPEHASH = keccak256(
        "AbortRecovery(address prevOwner,address oldOwner,address newOwner,uint256 nonce)"
    );
    bytes32 public constant RESET_RECOVERY_OWNER_TYPEHASH = keccak256(
        "ResetRecoveryOwner(address oldRecoveryOwner,address newRecoveryOwner,uint256 nonce)"
    );

    /// @notice The Safe this module recovers.
    address public safe;
    /// @notice Delay between initiation and execution, in seconds.
    uint64 public recoveryDelay;
    /// @notice The address derived from the user's PIN.
    address public recoveryOwner;
    /// @notice Next nonce a recovery-owner signature must carry.
    uint64 public nonce;
    /// @notice The platform key that relays recovery operations.
    address public controller;

    Recovery private _activeRecovery;

    event RecoveryInitiated(
        address prevOwner, address indexed oldOwner, address indexed newOwner, uint256 executeAfter
    );
    event RecoveryExecuted(address prevOwner, address indexed oldOwner, address indexed newOwner);
    event RecoveryAborted(address prevOwner, address indexed oldOwner, address indexed newOwner);
    event RecoveryOwnerReset(address indexed oldRecoveryOwner, address indexed newRecoveryOwner);

    error ZeroAddress();
    error ZeroDelay();
    error AlreadySetUp();
    error NotController(address caller);
    error RecoveryAlreadyActive();
    error NoMatchingRecovery();
    error RecoveryDelayNotElapsed(uint256 executeAfter, uint256 currentTime);
    error RecoveryExecutionFailed();
    error InvalidSignature();

    modifier onlyController() {
        if (msg.sender != controller) revert NotController(msg.sender);
        _;
    }

    constructor() EIP712("DelayedRecoveryModule", "1") {
        // Lock the implementation itself; only clones are set up.
        safe = address(1);
    }

    /// @notice Initializes a clone. Callable once.
    /// @param delay Seconds between initiateRecovery and executeRecovery.
    function setup(address safe_, address recoveryOwner_, address controller_, uint64 delay)
        external
    {
        if (safe != address(0)) revert AlreadySetUp();
        if (safe_ == address(0) || recoveryOwner_ == address(0) || controller_ == address(0)) {
            revert ZeroAddress();
        }
        if (delay == 0) revert ZeroDelay();
        safe = safe_;
        recoveryOwner = recoveryOwner_;
        controller = controller_;
        recoveryDelay = delay;
    }

    /// @notice Starts replacing `oldOwner` by `newOwner`, signed by the recovery owner.
    function initiateRecovery(
        address prevOwner,
        address oldOwner,
        address newOwner,
        bytes calldata signature
    ) external onlyController {
        if (_activeRecovery.oldOwner != address(0)) revert RecoveryAlreadyActive();
        if (oldOwner == address(0) || newOwner == address(0)) revert ZeroAddress();
        _useSignature(
            keccak256(abi.encode(INITIATE_RECOVERY_TYPEHASH, prevOwner, oldOwner, newOwner, nonce)),
            signature
        );
        uint64 executeAfter = uint64(block.timestamp) + recoveryDelay;
        _activeRecovery = Recovery(prevOwner, oldOwner, newOwner, executeAfter);
        emit RecoveryInitiated(prevOwner, oldOwner, newOwner, executeAfter);
    }

    /// @notice Swaps the Safe owner once the delay has passed.
    function executeRecovery(address prevOwner, address oldOwner, address newOwner)
        external
        onlyController
    {
        Recovery memory recovery = _matchActive(prevOwner, oldOwner, newOwner);
        if (block.timestamp < recovery.executeAfter) {
            revert RecoveryDelayNotElapsed(recovery.executeAfter, block.timestamp);
        }
        delete _activeRecovery;
        bool ok = ISafe(safe).execTransactionFromModule(
            safe,
            0,
            abi.encodeCall(ISafe.swapOwner, (prevOwner, oldOwner, newOwner)),
            ISafe.Operation.Call
        );
        if (!ok) revert RecoveryExecutionFailed();
        emit RecoveryExecuted(prevOwner, oldOwner, newOwner);
    }

    /// @notice Cancels the active recovery with a recovery-owner signature. Anyone may relay.
    function abortRecoveryByOwner(
        address prevOwner,
        address oldOwner,
        address newOwner,
        bytes calldata signature
    ) external {
        _matchActive(prevOwner, oldOwner, newOwner);
        _useSignature(
            keccak256(abi.encode(ABORT_RECOVERY_TYPEHASH, prevOwner, oldOwner, newOwner, nonce)),
            signature
        );
        delete _activeRecovery;
        emit RecoveryAborted(prevOwner, oldOwner, newOwner);
    }

    /// @notice Cancels the active recovery (controller only).
    function abortRecoveryByController(address prevOwner, address oldOwner, address newOwner)
        external
        onlyController
    {
        _matchActive(prevOwner, oldOwner, newOwner);
        delete _activeRecovery;
        emit RecoveryAborted(prevOwner, oldOwner, newOwner);
    }

    /// @notice Replaces the recovery owner (a PIN change), signed by the current one.
    function resetRecoveryOwner(address newRecoveryOwner, bytes calldata signature)
        external
        onlyController
    {
        if (newRecoveryOwner == address(0)) revert ZeroAddress();
        address old = recoveryOwner;
        _useSignature(
            keccak256(abi.encode(RESET_RECOVERY_OWNER_TYPEHASH, old, newRecoveryOwner, nonce)),
            signature
        );
        recoveryOwner = newRecoveryOwner;
        emit RecoveryOwnerReset(old, newRecoveryOwner);
    }

    /// @notice The pending recovery, all zero when none.
    function activeRecovery() external view returns (Recovery memory) {
        return _activeRecovery;
    }

    function _matchActive(address prevOwner, address oldOwner, address newOwner)
        private
        view
        returns (Recovery memory recovery)
    {
        recovery = _activeRecovery;
        if (
            recovery.oldOwner == address(0) || recovery.prevOwner != prevOwner
                || recovery.oldOwner != oldOwner || recovery.newOwner != newOwner
        ) revert NoMatchingRecovery();
    }

    function _useSignature(bytes32 structHash, bytes calldata signature) private {
        (address signer, ECDSA.RecoverError err,) =
            ECDSA.tryRecoverCalldata(_hashTypedDataV4(structHash), signature);
        if (err != ECDSA.RecoverError.NoError || signer != recoveryOwner) {
            revert InvalidSignature();
        }
        ++nonce;
    }
}
